package io.shakedown.target;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.shakedown.spec.TargetSpec.PullPolicy;
import java.util.concurrent.TimeUnit;

/** Makes sure the image is present: the local one by default, pulled when absent (or always, if asked). */
public final class ImagePreparer {
    private final DockerClients docker;

    ImagePreparer(DockerClients docker) {
        this.docker = docker;
    }

    /** The image and whether it had to be pulled (for the stage's message). */
    public record Prepared(String image, InspectImageResponse info, boolean pulled) implements TargetRuntime.PreparedImage {
        @Override
        public String summary() {
            return (pulled ? "pulled " : "local ") + image;
        }
    }

    Prepared prepare(String image, PullPolicy policy) {
        InspectImageResponse local = inspect(image);
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
        return new Prepared(image, local, pulled);
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
            docker.streams.pullImageCmd(image).exec(new PullImageResultCallback()).awaitCompletion(10, TimeUnit.MINUTES);
            return true;
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
