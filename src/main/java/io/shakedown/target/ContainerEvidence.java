package io.shakedown.target;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules read about a running container, whatever runs it (issue 23 item 4): its image's config, the config
 * it was started with, its files and its processes. A runtime that cannot give a piece says so with an empty answer;
 * a target that has none of it (a URL) has no evidence at all ({@link RunningTarget#evidence()}). Rules and stages
 * reach containers only through this, never through docker-java or fabric8.
 */
public interface ContainerEvidence {

    /** The image's own config (what its Dockerfile set); lists are empty when unset. */
    record ImageConfig(String user, List<String> cmd, List<String> entrypoint, List<String> env, Map<String, String> labels,
                       List<String> exposedPorts, List<String> healthcheck, String workingDir) {}

    /** What the container was started with: the program and its arguments, the user, the environment, the memory limit (null: none). */
    record StartedWith(String path, List<String> args, String user, List<String> env, Long memoryLimit) {}

    /** A file or folder entry of the container's filesystem; {@code content} null for folders and files too large to keep. */
    record FileEntry(String path, byte[] content) {}

    /**
     * {@code docker top}'s view of the processes: the column titles and one row per process; {@code source}: where it
     * was read ("docker top", or the host's /proc: {@link HostProcesses}).
     */
    record Processes(List<String> titles, List<List<String>> rows, String source) {
        public Processes(List<String> titles, List<List<String>> rows) {
            this(titles, rows, "docker top");
        }
    }

    Optional<ImageConfig> image();

    Optional<StartedWith> startedWith();

    /**
     * The entries under {@code folder} (or the one file), content kept up to {@code maxFile} bytes each and {@code maxTotal}
     * in all. An empty list: the path does not exist. Empty: the filesystem cannot be read.
     */
    Optional<List<FileEntry>> files(String folder, boolean firstEntryOnly, long maxFile, long maxTotal);

    /** The processes while the container runs; empty when they cannot be read. */
    Optional<Processes> processes();
}
