package io.shakedown.target;

import com.github.dockerjava.api.exception.DockerException;
import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps an app from filling the engine's disk. Docker cannot cap a container's writable layer on the common storage
 * setup (overlay2 on ext4; {@code --storage-opt size} needs overlay2 on xfs mounted with pquota, or btrfs/zfs), so
 * this asks Docker for the layer's size ({@code SizeRw}: only what the container wrote, the image's layers are not
 * walked) every {@link #EVERY} and stops the container once it passes {@code target.resources.disk}. An app writing
 * faster than the limit per interval overshoots by what it writes in one interval.
 */
final class DiskWatch implements Closeable {
    static final Duration EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(DiskWatch.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shakedown-disk-watch");
        t.setDaemon(true);
        return t;
    });

    private final DockerClients docker;
    private final String containerId;
    private final long limit;
    private final ScheduledFuture<?> task;
    private volatile String exceeded;

    DiskWatch(DockerClients docker, String containerId, long limit) {
        this.docker = docker;
        this.containerId = containerId;
        this.limit = limit;
        this.task = TIMER.scheduleWithFixedDelay(this::look, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the container wrote when it was stopped for it; empty while it stays within its limit. */
    Optional<String> exceeded() {
        return Optional.ofNullable(exceeded);
    }

    private void look() {
        if (exceeded != null) return;
        try {
            Long written = docker.api.inspectContainerCmd(containerId).withSize(true).exec().getSizeRw();
            if (written == null || written <= limit) return;
            exceeded = "the app wrote " + mib(written) + " into its container's filesystem, over its disk limit of " + mib(limit)
                    + " (target.resources.disk); Shakedown stopped the container";
            task.cancel(false);
            docker.api.killContainerCmd(containerId).exec();
        } catch (DockerException | IllegalStateException e) {
            LOG.debugf("container %s: its disk use could not be read: %s", containerId, e.getMessage()); // gone, or stopping
        }
    }

    static String mib(long bytes) {
        return bytes / (1024 * 1024) + " MiB";
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
