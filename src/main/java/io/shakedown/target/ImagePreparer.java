package io.shakedown.target;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.shakedown.spec.TargetSpec.PullPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Makes sure the image is present: the local one by default, pulled when absent (or always, if asked). */
public final class ImagePreparer {
    /** How long a pull may take before the run gives up on it (a stalled registry must not pass for a pulled image). */
    public static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final DockerClients docker;
    private final Duration pullTimeout;

    ImagePreparer(DockerClients docker) {
        this(docker, PULL_TIMEOUT);
    }

    public ImagePreparer(DockerClients docker, Duration pullTimeout) {
        this.docker = docker;
        this.pullTimeout = pullTimeout;
    }

    /**
     * The image and whether it had to be pulled (for the stage's message); {@code broughtHere}: it was not on the engine
     * before this pull, so Shakedown may remove it later ({@link ImageHygiene}).
     */
    public record Prepared(String image, InspectImageResponse info, boolean pulled, boolean broughtHere) implements TargetRuntime.PreparedImage {
        @Override
        public String summary() {
            return (pulled ? "pulled " : "local ") + image;
        }
    }

    public Prepared prepare(String image, PullPolicy policy) {
        InspectImageResponse local = inspect(image);
        boolean presentBefore = local != null;
        boolean pulled = false;
        if (policy == PullPolicy.ALWAYS || (local == null && policy == PullPolicy.MISSING)) {
            pulled = pull(image, local != null);
            local = inspect(image);
        }
        if (local == null) {
            throw new TargetException(policy == PullPolicy.NEVER
                    ? "image " + image + " is not present locally and pull is 'never'; build it first (docker build -t " + image + " .)"
                    : "image " + image + " is still absent after pulling");
        }
        return new Prepared(image, local, pulled, pulled && !presentBefore);
    }

    private InspectImageResponse inspect(String image) {
        try {
            return docker.api.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private boolean pull(String image, boolean haveLocal) {
        try {
            var pull = docker.streams.pullImageCmd(image).exec(new PullImageResultCallback());
            if (!pull.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    pull.close(); // stop following it; the engine may still finish the download in the background
                } catch (IOException ignored) {
                    // closing a stream we are abandoning anyway
                }
                throw new TargetException("pulling image " + image + " did not finish within " + pullTimeout.toSeconds()
                        + "s; the registry is slow or not answering. Check the registry, or pull the image beforehand");
            }
            return true;
        } catch (TargetException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            if (haveLocal) return false; // 'always' with a local copy: keep going with what we have
            throw new TargetException("image " + image + " was not found locally and could not be pulled: "
                    + DockerClients.rootMessage(e) + ". Build it locally or check the name and registry credentials", e);
        }
    }
}
