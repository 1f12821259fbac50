package io.shakedown.report;

import io.shakedown.report.RenderedFinding.Level;

/**
 * What the readiness diagnosis found (docs/report.md, "Diagnosis kinds"): the kind of a {@link Report.Diagnosis}, and
 * what a gotcha rule names in {@code explains} to be cited when it explains the failure. Each kind carries the one
 * description and level every renderer shows (SARIF's rule table, JUnit, Markdown, HTML, the UI): add a kind here
 * and every report describes it.
 */
public enum DiagnosisKind {
    EXITED(Level.ERROR, Fault.APP, "The container exited before it was ready"),
    OOM_KILLED(Level.ERROR, Fault.APP, "The kernel's OOM killer ended the container"),
    DISK_LIMIT_EXCEEDED(Level.ERROR, Fault.APP, "The app wrote more into its container's filesystem than its disk limit: Shakedown stopped it"),
    PROCESS_LIMIT_REACHED(Level.ERROR, Fault.APP, "The app's processes filled the container's pids limit: it could not fork or start a thread"),
    CONTAINER_REMOVED(Level.NOTE, Fault.RUNTIME, "The container was removed from outside during the run: Shakedown could not finish its job"),
    LOOPBACK_ONLY(Level.ERROR, Fault.APP, "The app listens on loopback only inside the container"),
    WRONG_PORT(Level.ERROR, Fault.APP, "The app listens, but not on the declared port"),
    NOT_LISTENING(Level.ERROR, Fault.APP, "Nothing listens on any TCP port"),
    STILL_STARTING(Level.WARNING, Fault.APP, "The app was still starting at the startup timeout"),
    NO_ANSWER(Level.ERROR, Fault.APP, "The app never answered and its sockets could not be read"),
    NO_HTTP_ANSWER(Level.ERROR, Fault.APP, "The port listens but HTTP requests get no answer"),
    HEALTH_ENDPOINT_FAILING(Level.ERROR, Fault.APP, "The health endpoint answers a status the spec does not accept"),
    HEALTHCHECK_NOT_HEALTHY(Level.ERROR, Fault.APP, "The image HEALTHCHECK never reported healthy"),
    LOG_LINE_NOT_SEEN(Level.ERROR, Fault.APP, "The readiness log line never appeared"),
    UNREACHABLE(Level.ERROR, Fault.APP, "The URL target did not answer"),
    NOT_READY(Level.ERROR, Fault.APP, "The app did not become ready"),
    IMAGE_PULL_FAILED(Level.NOTE, Fault.RUNTIME, "Kubernetes runtime: the cluster could not pull the image"),
    UNSCHEDULABLE(Level.NOTE, Fault.RUNTIME, "Kubernetes runtime: the pod could not be scheduled (resources, quotas, node selectors)"),
    POD_CONFIG_REJECTED(Level.NOTE, Fault.RUNTIME, "Kubernetes runtime: the kubelet could not create the container from the pod's configuration"),
    POD_REMOVED(Level.NOTE, Fault.RUNTIME, "Kubernetes runtime: the pod was deleted or ended by the cluster during the run"),
    DEPENDENCY_ON_LOCALHOST(Level.ERROR, Fault.APP, "The app dials localhost inside its container where a backing service should be"),
    DEPENDENCY_UNKNOWN_HOST(Level.ERROR, Fault.APP, "The app looks up a host that is no service of the run"),
    DEPENDENCY_REFUSED(Level.ERROR, Fault.APP, "A backing service refused the app's connection (a port it does not serve, or it stopped listening)"),
    DEPENDENCY_AUTH_FAILED(Level.ERROR, Fault.APP, "The database refused the app's login (user or password)"),
    DEPENDENCY_DATABASE_MISSING(Level.ERROR, Fault.APP, "The database the app asks for does not exist on the database service"),
    DEPENDENCY_NOT_READY_RACE(Level.ERROR, Fault.APP, "Race mode: the app gave up on a backing service that was not ready yet, without retrying"),
    MIGRATION_FAILED(Level.ERROR, Fault.APP, "A schema migration failed at start (Flyway, Liquibase, Alembic, Django, Rails, Prisma)"),
    SCHEMA_NOT_MIGRATED(Level.ERROR, Fault.APP, "The ORM's schema validation found the schema missing: the migrations did not run before the app");

    /** Whose problem it is: the app's (the run FAILED) or the runtime's / the pipeline's (the run ends ERROR). */
    private enum Fault { APP, RUNTIME }

    private final Level level;
    private final Fault fault;
    private final String description;

    DiagnosisKind(Level level, Fault fault, String description) {
        this.level = level;
        this.fault = fault;
        this.description = description;
    }

    /**
     * How it is shown (SARIF's level): the app's problems are errors (a slow start a warning); the runtime's are notes,
     * since they say nothing about the code a code-scanning alert would point at.
     */
    public Level level() {
        return level;
    }

    /** One sentence: what this kind means. */
    public String description() {
        return description;
    }

    /** The runtime's or the pipeline's problem, not the app's: such a run ends ERROR, not FAILED, and no rules run. */
    public boolean notTheAppsFault() {
        return fault == Fault.RUNTIME;
    }
}
