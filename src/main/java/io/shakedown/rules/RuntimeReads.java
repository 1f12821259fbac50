package io.shakedown.rules;

import io.shakedown.target.RunningTarget;
import io.shakedown.target.SocketTable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The running app's state the rules read — its main process (the host's /proc, else {@code docker top}) and its
 * listening sockets — each read at most once per run ({@link OnceRead}). The engine begins the main process when
 * readiness passes ({@link #beginMainProcess}), so it is read while the checks run instead of after the rules' probes
 * (a {@code docker top} took 20-90 ms here); the rules stage begins the rest ({@link #begin}) and takes the same
 * readings.
 */
public final class RuntimeReads {
    private final ImageReads reads;
    private final RunningTarget target;
    private final OnceRead<Optional<RuleInputs.ProcessInfo>> mainProcess = new OnceRead<>(this::readMainProcess, Optional.empty());
    private final OnceRead<Optional<SocketTable.Reading>> listening = new OnceRead<>(this::readListening, Optional.empty());

    /** {@code reads}: the container's evidence ({@code new ImageReads(null)}: none); {@code target}: null for none. */
    public RuntimeReads(ImageReads reads, RunningTarget target) {
        this.reads = reads;
        this.target = target;
    }

    /**
     * Begins reading, on virtual threads, what {@code rules} look at (nothing they do not); reads already begun are not
     * begun again. Returns this.
     */
    public RuntimeReads begin(RuleSet rules) {
        if (target == null || !reads.hasContainer()) return this;
        var kinds = kinds(rules);
        beginMainProcess(kinds);
        if (kinds.contains(Condition.Listening.class)) listening.startInBackground("rule-sockets-" + target.info().containerId());
        return this;
    }

    /**
     * Begins reading the main process only, if {@code rules} look at it: what the engine begins when readiness passes.
     * Not the socket table: the kernel walks every TCP socket of the host to list a container's (~10 ms of CPU here),
     * which beside the checks slowed them down; it begins with the rules stage, beside its probes. Returns this.
     */
    public RuntimeReads beginMainProcess(RuleSet rules) {
        if (target == null || !reads.hasContainer()) return this;
        beginMainProcess(kinds(rules));
        return this;
    }

    private void beginMainProcess(Set<Class<?>> kinds) {
        if (kinds.contains(Condition.Process.class) || kinds.contains(Condition.JvmHeap.class)) {
            mainProcess.startInBackground("rule-process-" + target.info().containerId());
        }
    }

    private static Set<Class<?>> kinds(RuleSet rules) {
        return rules.leaves().map(c -> (Class<?>) c.getClass()).collect(Collectors.toSet());
    }

    /** Whether {@code reads} and {@code target} are the ones these readings are of. */
    boolean of(ImageReads reads, RunningTarget target) {
        return this.reads == reads && this.target == target;
    }

    /** Whether the main process or the sockets are being read or have been (tests: begun before the rules stage). */
    public boolean begun() {
        return mainProcess.begun() || listening.begun();
    }

    /** Waits for the reads begun (the run's cleanup: nothing reads the container while it is removed). */
    public void await() {
        if (mainProcess.inFlight()) mainProcess.get();
        if (listening.inFlight()) listening.get();
    }

    boolean mainProcessInFlight() {
        return mainProcess.inFlight();
    }

    boolean listeningInFlight() {
        return listening.inFlight();
    }

    /** The container's listening sockets, read once per run (every rule sees the same table). */
    Optional<SocketTable.Reading> listening() {
        return listening.get();
    }

    /**
     * The app's main process: the child of the container's init (Shakedown starts containers with one), read while
     * it runs (the host's /proc where Shakedown runs on the Docker host, else {@code docker top}); after an exit, the
     * command Docker started.
     */
    Optional<RuleInputs.ProcessInfo> mainProcess() {
        return mainProcess.get();
    }

    private Optional<SocketTable.Reading> readListening() {
        return target == null || !reads.hasContainer() || target.exited().isPresent() ? Optional.empty() : target.listeningSockets();
    }

    private Optional<RuleInputs.ProcessInfo> readMainProcess() {
        if (!reads.hasContainer()) return Optional.empty();
        if (target.exited().isEmpty()) {
            var top = reads.evidence().processes();
            if (top.isPresent()) {
                List<String> titles = top.get().titles();
                int pid = titles.indexOf("PID"), ppid = titles.indexOf("PPID"), uid = titles.indexOf("UID"), cmd = titles.indexOf("CMD");
                List<List<String>> procs = top.get().rows();
                if (pid >= 0 && ppid >= 0 && cmd >= 0 && !procs.isEmpty()) {
                    List<String> first = procs.getFirst();
                    List<String> main = first;
                    if (first.get(cmd).contains("docker-init") || first.get(cmd).startsWith("/dev/init") || first.get(cmd).contains("tini")) {
                        for (List<String> p : procs) if (p.get(ppid).equals(first.get(pid))) { main = p; break; }
                    }
                    return Optional.of(new RuleInputs.ProcessInfo(main.get(pid), main.get(ppid), uid >= 0 ? main.get(uid) : "?", main.get(cmd), top.get().source()));
                }
            }
        }
        return reads.container().map(c -> {
            String cmdline = (c.path() == null ? "" : c.path()) + (c.args().isEmpty() ? "" : " " + String.join(" ", c.args()));
            String user = c.user() == null || c.user().isBlank() ? "root" : c.user();
            return new RuleInputs.ProcessInfo(null, null, user, cmdline.strip(), "docker inspect (the command Docker started)");
        });
    }
}
