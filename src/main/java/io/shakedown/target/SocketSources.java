package io.shakedown.target;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Three ways to read a container's socket tables, cheapest first. Each returns null when it cannot
 * (not on the host, no {@code cat} in the image, no helper image), so the caller tries the next.
 */
public final class SocketSources {
    private static final String[] CAT_TABLES = {"cat", "/proc/net/tcp", "/proc/net/tcp6"};

    private SocketSources() {}

    /** The container's process seen from the host's /proc: needs Shakedown on the host (or sharing its PID namespace). */
    public static SocketTable.Reading hostProc(long pid, String containerId) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        try {
            if (!HostProcesses.isTheContainers(pid, containerId)) return null;
            String tables = Files.readString(proc.resolve("net/tcp")) + Files.readString(proc.resolve("net/tcp6"));
            return new SocketTable.Reading(SocketTable.parseListening(tables), "/proc/" + pid + "/net/tcp{,6} read on the host");
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** {@code cat} run inside the container: works for images that ship one. */
    public static SocketTable.Reading exec(DockerClients docker, String containerId) {
        try {
            String execId = docker.api.execCreateCmd(containerId).withAttachStdout(true).withAttachStderr(false)
                    .withCmd(CAT_TABLES).exec().getId();
            var out = new ByteArrayOutputStream();
            docker.api.execStartCmd(execId).exec(collect(out)).awaitCompletion(5, TimeUnit.SECONDS);
            Long code = docker.api.inspectExecCmd(execId).exec().getExitCodeLong();
            if (code == null || code != 0) return null;
            return new SocketTable.Reading(SocketTable.parseListening(out.toString(StandardCharsets.UTF_8)),
                    "/proc/net/tcp{,6} read inside the container (cat)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (DockerException e) {
            return null; // no cat in the image (shell-less), or the container is gone
        }
    }

    /**
     * A throw-away helper container joined to the app's network namespace reads the tables: works for
     * scratch/distroless images when the host's /proc is not visible. The helper image must be present
     * locally; pulling it mid-diagnosis would make the diagnosis slow.
     */
    public static SocketTable.Reading helper(DockerClients docker, String helperImage, String installationId, String containerId) {
        String tables = HelperContainer.run(docker, helperImage, installationId, containerId, "diagnosis-helper",
                HostConfig.newHostConfig().withNetworkMode("container:" + containerId), CAT_TABLES);
        return tables == null ? null : new SocketTable.Reading(SocketTable.parseListening(tables),
                "/proc/net/tcp{,6} read by a helper container (" + helperImage + ") in the app's network namespace");
    }

    private static ResultCallback.Adapter<Frame> collect(ByteArrayOutputStream out) {
        return new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        };
    }
}
