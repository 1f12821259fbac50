package io.shakedown.rules;

import io.shakedown.target.ContainerEvidence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.logging.Logger;

/**
 * The image's side of one run's rule evidence: the image config, the config the container was started with, folders
 * read out of the container ({@code docker cp}'s tar stream: no shell needed, works after the app exited) and the
 * entries of the jars found there. Each read at most once per run and shared by two threads: the early gathering
 * ({@link EarlyImageReads}, while readiness polls) and the rules stage — a read one of them has in flight is awaited by
 * the other, never repeated. A source that cannot be read is "unknown" (an empty optional), never "absent".
 */
public final class ImageReads {
    private static final Logger LOG = Logger.getLogger(ImageReads.class);
    /** Bytes streamed per folder read from the image; files past it are not seen. */
    static final long MAX_TAR_BYTES = 96L * 1024 * 1024;
    /** Largest single file kept for matching (fat jars fit). */
    static final long MAX_FILE_BYTES = 80L * 1024 * 1024;

    /** A file (or jar entry) found in the image; {@code content} null for folders and files too large to keep. */
    record ImageFile(String path, byte[] content) {}

    /** null: no container (a URL target, a runtime without container evidence) */
    private final ContainerEvidence evidence;
    private final Map<String, OnceRead<Optional<List<ImageFile>>>> folders = new ConcurrentHashMap<>();
    private final Map<String, OnceRead<List<ImageFile>>> jars = new ConcurrentHashMap<>();

    /** {@code evidence}: the container's, through the runtime; null when there is none. */
    public ImageReads(ContainerEvidence evidence) {
        this.evidence = evidence;
    }

    boolean hasContainer() {
        return evidence != null;
    }

    ContainerEvidence evidence() {
        return evidence;
    }

    Optional<ContainerEvidence.ImageConfig> image() {
        return hasContainer() ? evidence.image() : Optional.empty();
    }

    Optional<ContainerEvidence.StartedWith> container() {
        return hasContainer() ? evidence.startedWith() : Optional.empty();
    }

    /** The image's WorkingDir, or empty when unset or "/" (reading the whole filesystem is never done). */
    Optional<String> workdir() {
        return image().map(ContainerEvidence.ImageConfig::workingDir).filter(w -> !w.isBlank() && !w.equals("/"));
    }

    /** The absolute path of the program the image starts (first of Entrypoint, else Cmd), if it is one. */
    Optional<String> entrypointExecutable() {
        return image().map(cfg -> {
            List<String> argv = !cfg.entrypoint().isEmpty() ? cfg.entrypoint() : cfg.cmd();
            return !argv.isEmpty() && argv.getFirst().startsWith("/") && !argv.getFirst().startsWith("/bin/sh") ? argv.getFirst() : null;
        });
    }

    /**
     * Files under {@code folder} in the image (or the one file when it is a file), keyed by absolute path.
     * Empty list: the path does not exist. Empty optional: the image cannot be read.
     */
    Optional<List<ImageFile>> files(String folder, boolean firstEntryOnly) {
        if (!hasContainer()) return Optional.empty();
        return folderRead(folder, firstEntryOnly).get();
    }

    /**
     * Whether {@link #files} of this folder would answer at once; if it would wait, its read is begun in the background
     * (once: a read already under way, the early gathering's or another's, is left to go on).
     */
    boolean filesAtHand(String folder, boolean firstEntryOnly) {
        if (!hasContainer()) return true;
        var read = folderRead(folder, firstEntryOnly);
        if (read.done()) return true;
        read.startInBackground("rule-read-" + folder);
        return false;
    }

    private OnceRead<Optional<List<ImageFile>>> folderRead(String folder, boolean firstEntryOnly) {
        return folders.computeIfAbsent(folder + (firstEntryOnly ? "#1" : ""), k -> new OnceRead<>(() -> evidence.files(folder, firstEntryOnly,
                MAX_FILE_BYTES, MAX_TAR_BYTES).map(entries -> entries.stream().map(e -> new ImageFile(e.path(), e.content())).toList()), Optional.empty()));
    }

    /** Text entries of a jar (nested zip) found in the image; class files and nested jars by name only. */
    List<ImageFile> jarEntries(ImageFile jar) {
        if (jar.content() == null) return List.of();
        return jars.computeIfAbsent(jar.path(), k -> new OnceRead<>(() -> {
            List<ImageFile> out = new ArrayList<>();
            try (var zip = new ZipInputStream(new ByteArrayInputStream(jar.content()))) {
                ZipEntry z;
                while ((z = zip.getNextEntry()) != null) {
                    byte[] content = null;
                    if (!z.isDirectory() && !z.getName().endsWith(".class") && !z.getName().endsWith(".jar")) {
                        content = zip.readNBytes(2 * 1024 * 1024);
                    }
                    out.add(new ImageFile(z.getName(), content));
                }
            } catch (IOException e) {
                LOG.debugf("reading jar %s: %s", jar.path(), e.getMessage());
            }
            return List.copyOf(out);
        }, List.<ImageFile>of())).get();
    }
}
