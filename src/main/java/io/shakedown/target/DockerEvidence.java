package io.shakedown.target;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;

/** A Docker container's evidence for the rules: docker inspect (image and container), docker cp (files), the processes (the host's /proc, else docker top). Each read once. */
final class DockerEvidence implements ContainerEvidence {
    private static final Logger LOG = Logger.getLogger(DockerEvidence.class);

    private final DockerClients docker;
    private final String containerId;
    private final String imageId;
    private Optional<ImageConfig> image;
    private Optional<StartedWith> startedWith;

    /** The container's init as the host sees it (0 until it runs): its processes are read from /proc where it can be. */
    private final LongSupplier initPid;

    DockerEvidence(DockerClients docker, String containerId, String imageId, LongSupplier initPid) {
        this.docker = docker;
        this.containerId = containerId;
        this.imageId = imageId;
        this.initPid = initPid;
    }

    @Override
    public synchronized Optional<ImageConfig> image() {
        if (image == null) {
            image = Optional.empty();
            try {
                InspectImageResponse i = docker.api.inspectImageCmd(imageId).exec();
                var c = i.getConfig();
                if (c != null) {
                    var hc = c.getHealthcheck() == null || c.getHealthcheck().getTest() == null ? List.<String>of() : c.getHealthcheck().getTest();
                    image = Optional.of(new ContainerEvidence.ImageConfig(c.getUser(), list(c.getCmd()), list(c.getEntrypoint()), list(c.getEnv()),
                            c.getLabels() == null ? Map.of() : c.getLabels(),
                            c.getExposedPorts() == null ? List.of() : Arrays.stream(c.getExposedPorts()).map(Object::toString).toList(),
                            hc, c.getWorkingDir()));
                }
            } catch (RuntimeException e) {
                LOG.debugf("inspect image %s: %s", imageId, e.getMessage());
            }
        }
        return image;
    }

    @Override
    public synchronized Optional<StartedWith> startedWith() {
        if (startedWith == null) {
            startedWith = Optional.empty();
            try {
                InspectContainerResponse c = docker.api.inspectContainerCmd(containerId).exec();
                var cfg = c.getConfig();
                Long memory = c.getHostConfig() == null ? null : c.getHostConfig().getMemory();
                startedWith = Optional.of(new StartedWith(c.getPath(), list(c.getArgs()), cfg == null ? null : cfg.getUser(),
                        cfg == null ? List.of() : list(cfg.getEnv()), memory == null || memory <= 0 ? null : memory));
            } catch (RuntimeException e) {
                LOG.debugf("inspect container %s: %s", containerId, e.getMessage());
            }
        }
        return startedWith;
    }

    @Override
    public Optional<List<FileEntry>> files(String folder, boolean firstEntryOnly, long maxFile, long maxTotal) {
        String parent = folder.substring(0, Math.max(0, folder.lastIndexOf('/')));
        List<FileEntry> out = new ArrayList<>();
        long streamed = 0;
        try (InputStream raw = docker.api.copyArchiveFromContainerCmd(containerId, folder).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().endsWith("/") ? e.getName().substring(0, e.getName().length() - 1) : e.getName();
                byte[] content = null;
                if (e.isFile() && e.getSize() <= maxFile && streamed + e.getSize() <= maxTotal) content = tar.readAllBytes();
                streamed += e.getSize();
                out.add(new FileEntry(parent + "/" + name, content));
                if (firstEntryOnly || streamed > maxTotal) break;
            }
            return Optional.of(out);
        } catch (NotFoundException e) {
            return Optional.of(List.of());
        } catch (IOException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("Could not find the file")) return Optional.of(List.of());
            LOG.debugf("reading %s from container %s: %s", folder, containerId, e.getMessage());
            return out.isEmpty() ? Optional.empty() : Optional.of(out);
        }
    }

    @Override
    public Optional<Processes> processes() {
        var onHost = HostProcesses.read(initPid.getAsLong(), containerId);
        if (onHost.isPresent()) return onHost;
        try {
            var top = docker.api.topContainerCmd(containerId).exec();
            if (top.getTitles() == null || top.getProcesses() == null) return Optional.empty();
            return Optional.of(new Processes(List.of(top.getTitles()), Arrays.stream(top.getProcesses()).map(List::of).toList()));
        } catch (RuntimeException e) {
            LOG.debugf("docker top %s: %s", containerId, e.getMessage());
            return Optional.empty();
        }
    }

    private static List<String> list(String[] a) {
        return a == null ? List.of() : List.of(a);
    }
}
