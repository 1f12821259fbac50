package io.shakedown.target;

import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.spec.JobSpec;
import io.shakedown.spec.ServiceSpec;
import io.shakedown.spec.TargetSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a run's image runs: the local Docker engine ({@link DockerRuntime}, the default) or a Kubernetes
 * cluster ({@code io.shakedown.target.kubernetes.KubernetesRuntime}). The engine's image, create and start
 * stages, its cleanup and the reaping of leftovers all go through this; everything after start (readiness,
 * checks, rules) talks to the {@link RunningTarget} it returns. A run that declares services or jobs first gets a
 * {@link RunEnvironment} (a network of its own holding them), and its app is created on it.
 */
public interface TargetRuntime extends AutoCloseable {

    /** "docker" or "kubernetes": names the readiness check and the report's target kind. */
    String name();

    /** The image stage: the runtime answers and the image can be used. Throws {@link TargetException} with advice. */
    PreparedImage prepare(TargetSpec spec);

    /** The create stage: the target exists (labelled with the run id) but is not started. */
    StartableTarget create(String app, TargetSpec spec, PreparedImage image, RunContext ctx);

    /**
     * Whether {@link #create} leaves the target stopped until {@link StartableTarget#start} (a Docker container in its
     * "created" state: inspect and {@code docker cp} already answer). Then the engine creates the app before its
     * services start, and the rules read its image while they start instead of during the app's own start. False
     * where creating is starting (a Kubernetes pod runs as soon as it exists, and its host aliases need its services'
     * pod IPs): the app is created after its services and jobs.
     */
    default boolean createsStopped() {
        return false;
    }

    /** The create stage of a run with services or jobs: the app is created in {@code environment}, beside them. */
    default StartableTarget create(String app, TargetSpec spec, PreparedImage image, RunContext ctx, RunEnvironment environment) {
        if (environment == null) return create(app, spec, image, ctx);
        throw new TargetException("services and jobs are not supported on the " + name() + " runtime yet; run this spec on Docker");
    }

    /**
     * The services stage: a network of the run's own (labelled like its containers, so the reaper finds it), for the
     * run's services, jobs and app. Runtimes that cannot hold several containers per run say so.
     */
    default RunEnvironment environment(String app, RunContext ctx) {
        throw new TargetException("services and jobs are not supported on the " + name() + " runtime yet; run this spec on Docker");
    }

    /**
     * Removes this installation's containers (or pods) whose run id {@code isLive} rejects; returns how many.
     * Runs at start-up and periodically, so a dead replica's leftovers are found by label, by any replica.
     */
    int reap(Predicate<String> isLive);

    /**
     * After run {@code runId} (its cleanup stage): the images it used that Shakedown pulled go, as the image policy
     * says, once no other run needs them. Returns the images removed; never throws. A runtime that does not manage
     * images (Kubernetes: the kubelet's garbage collection does) removes none.
     */
    default List<String> release(String runId, List<PreparedImage> images) {
        return List.of();
    }

    /** Brings the pulled images within the policy (periodically); returns how many were removed. */
    default int sweepImages() {
        return 0;
    }

    /** Pulled images this process removed (a counter for the metrics). */
    default long imagesRemoved() {
        return 0;
    }

    /**
     * Free space where the runtime keeps images and containers (Docker: its data root); empty for a runtime whose
     * disks are someone else's to watch (Kubernetes: the kubelet evicts under disk pressure). Throws TargetException.
     */
    default java.util.Optional<EngineDisk.Free> dataRootFree() {
        return java.util.Optional.empty();
    }

    /** Throws {@link TargetException} saying what to do when the runtime does not answer. */
    void ping();

    /** How many containers (or pods) of this installation are running now; -1 when the runtime does not answer. */
    int alive();

    @Override
    void close();

    /** What the image stage found, shown as the stage's message. */
    interface PreparedImage {
        String summary();
    }

    /** A created target; {@link #start()} runs it (the start stage). */
    interface StartableTarget extends RunningTarget {
        void start();
    }

    /**
     * A run's own network and what runs on it beside the app: its backing services (reached by their names) and its
     * init jobs. Closing it removes every service and job container and the network; it is idempotent and never
     * throws (cleanup must not hide the run's real outcome), so it may run both on cancel and at the run's end.
     */
    interface RunEnvironment extends AutoCloseable {

        /** The service's container, created on the network with its name as alias (image pulled if allowed); not started. */
        StartableTarget createService(String name, ServiceSpec service);

        /**
         * Runs the job in {@code image} on the network to its exit, its timeout or the cancellation, then removes it.
         * Throws {@link TargetException} only when the job could not be run at all (no image, Docker refused).
         */
        JobOutcome runJob(JobSpec job, String image, Cancellation cancellation) throws InterruptedException;

        /**
         * The images its services and jobs used, for the run's image release ({@link TargetRuntime#release}): those
         * it pulled go like the app's. Empty on a runtime that does not manage images.
         */
        default List<PreparedImage> images() {
            return List.of();
        }

        @Override
        void close();
    }

    /**
     * How a job ended: its exit code (null when it did not exit: timed out or cancelled), how long it ran, and the tail
     * of its log ({@code logLines} lines in all).
     */
    record JobOutcome(Long exitCode, long durationMs, boolean timedOut, List<String> logTail, long logLines) {}
}
