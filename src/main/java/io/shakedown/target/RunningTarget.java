package io.shakedown.target;

import io.shakedown.report.Report;
import java.net.URI;
import java.util.Optional;

/**
 * A started target the probes talk to. For a URL target most of the container-only views are empty.
 * Closing it stops and removes the container (always, whatever happened).
 */
public interface RunningTarget extends AutoCloseable {

    /** Where HTTP requests go: the published port on 127.0.0.1, or the deployment URL. */
    URI baseUrl();

    Report.TargetInfo info();

    /** Set as soon as the container has exited (fail fast instead of waiting out the timeout). */
    default Optional<ExitInfo> exited() {
        return Optional.empty();
    }

    /** The container log so far; an empty buffer for a URL target. */
    LogBuffer log();

    /** The container's declared port, or the URL's port. */
    int declaredPort();

    /** The sockets the app listens on inside the container, and where that was read from; empty if unknowable. */
    default Optional<SocketTable.Reading> listeningSockets() {
        return Optional.empty();
    }

    /** Why {@link #listeningSockets()} is empty, for the diagnosis' evidence. */
    default String socketTableUnavailable() {
        return "the container's socket table could not be read (no host /proc access, no cat in the image, no helper image)";
    }

    /**
     * A diagnosis the runtime itself can give before any HTTP reasoning (a pod that cannot pull its image, cannot
     * be scheduled, crashed): empty when the runtime sees nothing wrong, or for Docker, whose exits
     * {@link #exited()} already describes.
     */
    default Optional<Report.Diagnosis> runtimeDiagnosis() {
        return Optional.empty();
    }

    /** How many processes (threads included) the container has against its pids limit; empty where the runtime cannot say. */
    default Optional<ProcessCount> processes() {
        return Optional.empty();
    }

    /** The container's tasks (processes and threads) and its pids limit, as the kernel counts them. */
    record ProcessCount(long current, long limit) {
        /** Full, give or take the process or two that exit while others wait to fork. */
        public boolean atLimit() {
            return limit > 0 && current + 2 >= limit;
        }
    }

    /**
     * The container's image config, start config, files and processes for the rules; empty for a target that has no
     * container here (a URL) or a runtime that cannot give them yet (then {@link #unavailableEvidence()} says so).
     */
    default Optional<ContainerEvidence> evidence() {
        return Optional.empty();
    }

    /** Evidence the rules stage cannot have for this kind of target (named in its summary); empty when all is there. */
    default Optional<String> unavailableEvidence() {
        return Optional.empty();
    }

    /** The image HEALTHCHECK status (starting/healthy/unhealthy); empty when the image declares none. */
    default Optional<String> healthStatus() {
        return Optional.empty();
    }

    @Override
    void close();
}
