package io.shakedown.target;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space of the Docker engine's data root ({@code docker info}: DockerRootDir), where pulled images and containers'
 * layers live — the disk whose filling makes pulls fail with "no space left on device". Measured two ways:
 * <ul>
 *   <li>on the same machine (a unix-socket engine and the folder visible here): the file system of that folder;</li>
 *   <li>otherwise (a remote engine, Shakedown in a container): a helper container of {@code shakedown.helper-image}
 *       with the data root mounted read-only runs {@code df -Pk} — the engine's own view, wherever it is.</li>
 * </ul>
 */
public final class EngineDisk {

    /** {@code path} on the engine's machine, {@code freeBytes} there; {@code how}: the measuring method, for health. */
    public record Free(String path, long freeBytes, long totalBytes, String how) {}

    private EngineDisk() {}

    /** Throws TargetException when the engine does not answer or neither method works. */
    public static Free measure(DockerClients docker, String helperImage, String installationId, boolean preferLocal) {
        String root;
        try {
            root = docker.api.infoCmd().exec().getDockerRootDir();
        } catch (RuntimeException e) {
            throw new TargetException("cannot ask the Docker engine for its data root: " + DockerClients.rootMessage(e), e);
        }
        if (root == null || root.isBlank()) throw new TargetException("the Docker engine did not say where its data root is");
        if (preferLocal && docker.host.startsWith("unix:") && Files.isDirectory(Path.of(root))) {
            try {
                var store = Files.getFileStore(Path.of(root));
                return new Free(root, store.getUsableSpace(), store.getTotalSpace(), "file system of " + root + " on this machine");
            } catch (IOException | SecurityException e) {
                // not readable here after all: ask the engine
            }
        }
        String df = HelperContainer.run(docker, helperImage, installationId, "disk-check", "disk-helper",
                HostConfig.newHostConfig().withBinds(new Bind(root, new Volume("/docker-root"), com.github.dockerjava.api.model.AccessMode.ro)),
                "df", "-Pk", "/docker-root");
        if (df == null) {
            throw new TargetException("cannot measure the free space of the Docker data root " + root + ": it is not visible here and the helper image "
                    + helperImage + " (shakedown.helper-image) is not on the engine or could not run df");
        }
        long[] kb = parseDf(df);
        return new Free(root, kb[1] * 1024, kb[0] * 1024, "df in a helper container (" + helperImage + ") with " + root + " mounted");
    }

    /** POSIX {@code df -Pk}: header, then "fs 1024-blocks used available capacity mount"; returns {total, available} in KiB. */
    static long[] parseDf(String out) {
        var lines = out.strip().split("\\R");
        var cols = lines[lines.length - 1].trim().split("\\s+");
        if (cols.length < 6) throw new TargetException("unexpected df output: " + out.strip());
        try {
            return new long[] {Long.parseLong(cols[cols.length - 5]), Long.parseLong(cols[cols.length - 3])};
        } catch (NumberFormatException e) {
            throw new TargetException("unexpected df output: " + out.strip(), e);
        }
    }
}
