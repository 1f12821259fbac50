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
    NOT_READY,
    /** Kubernetes runtime: the cluster could not pull the image. */
    IMAGE_PULL_FAILED,
    /** Kubernetes runtime: the pod could not be scheduled (resources, quotas, node selectors). */
    UNSCHEDULABLE,
    /** Kubernetes runtime: the kubelet could not create the container from the pod's configuration. */
    POD_CONFIG_REJECTED,
    /** Kubernetes runtime: the pod was deleted or ended by the cluster during the run. */
    POD_REMOVED;

    /** The runtime's or the pipeline's problem, not the app's: such a run ends ERROR, not FAILED, and no rules run. */
    public boolean notTheAppsFault() {
        return switch (this) {
            case CONTAINER_REMOVED, IMAGE_PULL_FAILED, UNSCHEDULABLE, POD_CONFIG_REJECTED, POD_REMOVED -> true;
            default -> false;
        };
    }
}
