package io.shakedown.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's processes read from the host's /proc, as {@code docker top} (ps -ef) shows them: UID (the effective
 * user's name in the host's /etc/passwd, else the number), PID and PPID as the host sees them, CMD (the arguments).
 * Where Shakedown runs on the Docker host this answers in well under a millisecond; {@code docker top} has dockerd
 * fork a {@code ps} (20-50 ms here, CPU taken from the app and the run beside it). Empty when /proc is not ours to
 * read (Shakedown in a container of its own, a remote engine): then {@link DockerEvidence} asks {@code docker top}.
 */
final class HostProcesses {
    static final String SOURCE = "/proc on the host";
    private static final Path PROC = Path.of("/proc");

    private HostProcesses() {}

    /** The processes of the container whose init has host pid {@code initPid}; empty when they cannot be read here. */
    static Optional<ContainerEvidence.Processes> read(long initPid, String containerId) {
        if (initPid <= 0 || containerId == null || containerId.isBlank()) return Optional.empty();
        try {
            if (!isTheContainers(initPid, containerId)) return Optional.empty();
            Map<String, String> users = users();
            List<List<String>> rows = new ArrayList<>();
            var todo = new ArrayDeque<Long>(List.of(initPid));
            while (!todo.isEmpty()) {
                long pid = todo.poll();
                var row = row(pid, users);
                if (row == null) continue; // exited meanwhile
                rows.add(row);
                todo.addAll(children(pid));
            }
            if (rows.isEmpty()) return Optional.empty();
            rows.sort((a, b) -> Long.compare(Long.parseLong(a.get(1)), Long.parseLong(b.get(1)))); // ps lists by pid
            return Optional.of(new ContainerEvidence.Processes(List.of("UID", "PID", "PPID", "CMD"), List.copyOf(rows), SOURCE));
        } catch (IOException | RuntimeException e) { // unreadable, or a file's format not as expected: ask docker top
            return Optional.empty();
        }
    }

    /**
     * Whether host pid {@code pid} is the container's process as seen from here, not a namesake in another PID namespace
     * (Shakedown in a container of its own sees its own pids). Throws when /proc is not readable.
     */
    static boolean isTheContainers(long pid, String containerId) throws IOException {
        return Files.readString(PROC.resolve(pid + "/cgroup")).contains(containerId);
    }

    /** UID, PID, PPID, CMD of {@code pid}; null when it is gone. */
    private static List<String> row(long pid, Map<String, String> users) throws IOException {
        Path dir = PROC.resolve(String.valueOf(pid));
        String status;
        byte[] cmdline;
        try {
            status = Files.readString(dir.resolve("status"));
            cmdline = Files.readAllBytes(dir.resolve("cmdline"));
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        String name = "", ppid = "0", euid = "0";
        for (String line : status.split("\n")) {
            if (line.startsWith("Name:")) name = line.substring(5).strip();
            else if (line.startsWith("PPid:")) ppid = line.substring(5).strip();
            else if (line.startsWith("Uid:")) euid = line.substring(4).strip().split("\\s+")[1]; // real, effective, saved, fs
        }
        int end = cmdline.length;
        while (end > 0 && cmdline[end - 1] == 0) end--;
        String cmd = end == 0 ? "[" + name + "]" : new String(cmdline, 0, end, StandardCharsets.UTF_8).replace('\0', ' ');
        return List.of(users.getOrDefault(euid, euid), String.valueOf(pid), ppid, cmd);
    }

    /** The children of every thread of {@code pid}. */
    private static List<Long> children(long pid) throws IOException {
        var out = new ArrayList<Long>();
        try (var tasks = Files.list(PROC.resolve(pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String c : Files.readString(task.resolve("children")).trim().split("\\s+")) if (!c.isEmpty()) out.add(Long.parseLong(c));
                } catch (java.nio.file.NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
        return out;
    }

    /** uid → name from the host's /etc/passwd (what ps shows); empty when it cannot be read (ps then shows numbers). */
    private static Map<String, String> users() {
        var out = new HashMap<String, String>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) out.putIfAbsent(f[2], f[0]);
            }
        } catch (IOException | SecurityException e) {
            // numbers only
        }
        return out;
    }
}
