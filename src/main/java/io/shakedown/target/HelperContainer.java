package io.shakedown.target;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away container of the helper image ({@code shakedown.helper-image}) that runs one command and is removed:
 * how Shakedown looks where its own process cannot (an app's network namespace, the engine's data root). The image
 * must already be on the engine — a helper is never pulled. Labelled as this installation's, with a run id the
 * reaper never takes for a live run.
 */
final class HelperContainer {
    private HelperContainer() {}

    /** The command's standard output, or null when the helper image is absent or the helper failed. */
    static String run(DockerClients docker, String helperImage, String installationId, String purpose, String role,
                      HostConfig host, String... cmd) {
        try {
            docker.api.inspectImageCmd(helperImage).exec();
        } catch (NotFoundException e) {
            return null;
        }
        String helper = docker.api.createContainerCmd(helperImage)
                .withCmd(cmd)
                .withLabels(Map.of(Labels.RUN_ID, "helper-of-" + purpose, Labels.INSTALLATION, installationId, Labels.ROLE, role))
                .withHostConfig(host)
                .exec().getId();
        try {
            docker.api.startContainerCmd(helper).exec();
            docker.streams.waitContainerCmd(helper).start().awaitStatusCode(5, TimeUnit.SECONDS);
            var out = new ByteArrayOutputStream();
            docker.api.logContainerCmd(helper).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.writeBytes(frame.getPayload());
                }
            }).awaitCompletion(5, TimeUnit.SECONDS);
            return out.toString(StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
            return null;
        } finally {
            // what still fails is left to the reaper, for which a helper is never live
            DockerClients.removeRetrying(() -> docker.api.removeContainerCmd(helper).withForce(true).exec(), DockerClients::pause);
        }
    }
}
