package io.shakedown.report;

/**
 * What the readiness diagnosis found (docs/report.md): the kind of a {@link Report.Diagnosis}, and what a
 * gotcha rule names in {@code explains} to be cited when it explains the failure.
 */
public enum DiagnosisKind {
    /** The container exited before it was ready. */
    EXITED,
    /** The kernel killed it for memory. */
    OOM_KILLED,
    /** The container vanished (removed from outside) during the run: Shakedown could not finish its job. */
    CONTAINER_REMOVED,
    /** It listens on 127.0.0.1 / ::1 only inside the container. */
    LOOPBACK_ONLY,
    /** It listens, but not on the declared port. */
    WRONG_PORT,
    /** Nothing listens on any TCP port. */
    NOT_LISTENING,
    /** Its log says it is still starting. */
    STILL_STARTING,
    /** The port accepts connections but gives no usable answer. */
    NO_ANSWER,
    /** It listens on the port but does not speak HTTP there. */
    NO_HTTP_ANSWER,
    /** The health endpoint answered, with a failing status. */
    HEALTH_ENDPOINT_FAILING,
    /** Docker's HEALTHCHECK never said healthy. */
    HEALTHCHECK_NOT_HEALTHY,
    /** The expected log line never appeared. */
    LOG_LINE_NOT_SEEN,
    /** A URL target did not answer. */
    UNREACHABLE,
    /** Not ready, and none of the above explains why. */
    NOT_READY
}
