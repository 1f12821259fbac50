package io.shakedown.probe;

import io.shakedown.probe.ReadinessWaiter.Result;
import io.shakedown.probe.ReadinessWaiter.Tally;
import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Report.Diagnosis;
import io.shakedown.report.Report.Socket;
import io.shakedown.spec.TargetSpec;
import io.shakedown.target.ExitInfo;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.SocketTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Says WHY readiness failed — the heart of the product. "Timeout" alone is never an answer: the
 * diagnosis looks at how the container ended, which sockets the process really listens on (read from
 * the kernel's tables, so shell-less images work too), what the health endpoint said, and whether the
 * log was still moving, and names one case with its evidence and what to do.
 */
public final class ReadinessDiagnoser {
    /** A log line this recent at the timeout means the app was still busy starting. */
    static final Duration STILL_LOGGING = Duration.ofSeconds(2);
    private static final int LOG_EVIDENCE_LINES = 12;

    /** An env-var-looking name: upper case with an underscore (DATABASE_URL), or a plain upper-case word. */
    private static final Pattern VAR_NAME = Pattern.compile("\\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})\\b");
    private static final Pattern MISSING_WORDS = Pattern.compile(
            "(?i)\\b(not set|missing|required|undefined|not defined|must be set|unset|empty|not found in (the )?environment)\\b");
    /** sh's "can't fork", nc's "vfork: Resource temporarily unavailable", the JVM's, Go's and Python's words for EAGAIN at fork/thread start. */
    private static final Pattern FORK_FAILED = Pattern.compile(
            "(?i)(can't fork|cannot fork|v?fork(\\(\\))?( failed)?: (resource temporarily unavailable|retry)|unable to create (new )?native thread"
            + "|pthread_create failed|BlockingIOError: \\[Errno 11\\]|fork/exec .*resource temporarily unavailable)");
    private static final String PROCESS_LIMIT_HINT = "find what forks or starts threads without end (a retry loop spawning processes, "
            + "a thread per request never ended); raise target.resources.pids only if the app really needs more than ";
    private static final Set<String> NOT_VARS = Set.of("ERROR", "WARN", "WARNING", "INFO", "DEBUG", "FATAL", "PANIC", "TRACE", "SEVERE");

    public Diagnosis diagnose(Result result, RunningTarget target, TargetSpec spec) {
        Optional<Diagnosis> runtime = target.runtimeDiagnosis();
        if (runtime.isPresent()) {
            Diagnosis d = runtime.get(); // a pod's crash: its evidence carries the log tail
            if (d.kind() != DiagnosisKind.EXITED) return d;
            return missingEnvHint(d.evidence().stream().map(String::strip).toList(), spec.env())
                    .map(hint -> new Diagnosis(d.kind(), d.summary(), d.evidence(), hint, d.listening())).orElse(d);
        }
        Optional<ExitInfo> exit = target.exited();
        if (exit.isPresent()) return exited(exit.get(), target, spec);
        if (target.info().containerId() == null) return unreachableUrl(result, target);
        if (tally(result, HttpReadiness.class).map(t -> t.last == null || t.last.httpStatus() == null).orElse(true)) {
            // no HTTP answer: a server that cannot fork a handler or start a thread looks like this
            Optional<RunningTarget.ProcessCount> processes = target.processes().filter(RunningTarget.ProcessCount::atLimit);
            if (processes.isPresent()) return processLimit(processes.get(), result, target);
        }

        int port = target.declaredPort();
        Optional<SocketTable.Reading> reading = target.listeningSockets();
        Optional<Tally> http = tally(result, HttpReadiness.class);
        List<String> evidence = new ArrayList<>();
        result.tallies().forEach(t -> evidence.add(describe(t, result)));

        if (reading.isEmpty()) {
            evidence.add(target.socketTableUnavailable());
            if (http.isPresent() && http.get().last != null && http.get().last.httpStatus() != null) {
                return healthFailing(http.get(), evidence, List.of());
            }
            return new Diagnosis(DiagnosisKind.NO_ANSWER, "the app gave no usable answer through the published port within "
                    + seconds(spec.startupTimeout()) + (http.isPresent() && http.get().last != null ? " (" + http.get().last.outcome() + ")" : ""),
                    withLog(evidence, target), "check that the app listens on 0.0.0.0:" + port + " inside the container", null);
        }

        SocketTable.Reading r = reading.get();
        evidence.add("listening sockets inside the container: " + (r.listening().isEmpty() ? "none" : join(r.listening())) + " (" + r.source() + ")");
        List<Socket> onPort = r.onPort(port);
        List<Socket> listening = r.listening();

        if (r.reachableOn(port)) {
            if (http.isPresent() && !http.get().ready && http.get().last != null) {
                if (http.get().last.httpStatus() != null) return healthFailing(http.get(), evidence, listening);
                if (HttpProbe.BodyNotFinished.describes(http.get().last.transportError())) {
                    return new Diagnosis(DiagnosisKind.NO_HTTP_ANSWER, "the app listens on " + join(onPort) + " inside the container; GET "
                            + ((HttpReadiness) http.get().probe).path() + " " + http.get().last.transportError(), withLog(evidence, target),
                            "the handler sends its headers and never ends its body (a stuck stream, a proxy that never closes): "
                            + "answer the health check with a complete response (Content-Length or a finished chunked body)", listening);
                }
                return new Diagnosis(DiagnosisKind.NO_HTTP_ANSWER, "the app listens on " + join(onPort) + " inside the container, but "
                        + ((HttpReadiness) http.get().probe).path() + " got no HTTP answer: " + http.get().last.transportError(),
                        withLog(evidence, target), "check that port " + port + " speaks plain HTTP (not TLS or another protocol) and that the handler does not hang", listening);
            }
            Optional<Tally> failing = result.tallies().stream().filter(t -> !t.ready).findFirst();
            if (failing.isPresent() && failing.get().probe instanceof HealthcheckReadiness) {
                String last = failing.get().last == null ? "no answer" : failing.get().last.outcome();
                return new Diagnosis(DiagnosisKind.HEALTHCHECK_NOT_HEALTHY, "the port serves, but " + last + " at the timeout",
                        withLog(evidence, target), "run the image's HEALTHCHECK command by hand in the container, or use http readiness", listening);
            }
            if (failing.isPresent() && failing.get().probe instanceof LogReadiness) {
                return new Diagnosis(DiagnosisKind.LOG_LINE_NOT_SEEN, "the port serves, but the expected log line never appeared: " + failing.get().last.outcome(),
                        withLog(evidence, target), "check the readiness.log pattern against the log below", listening);
            }
            return stillStarting(target, spec, evidence, listening);
        }
        if (!onPort.isEmpty()) {
            Socket s = onPort.getFirst();
            return new Diagnosis(DiagnosisKind.LOOPBACK_ONLY, "the app listens on " + s + " inside the container — loopback only, "
                    + "so nothing outside the container can reach it; bind 0.0.0.0" + (s.protocol().equals("tcp6") ? " (or ::)" : ""),
                    withLog(evidence, target), "make the server bind 0.0.0.0:" + port + " (all interfaces) instead of localhost/127.0.0.1; "
                    + "many frameworks default to localhost outside production mode", listening);
        }
        List<Socket> others = listening.stream().filter(s -> s.port() != port).toList();
        if (!others.isEmpty()) {
            List<Socket> reachable = others.stream().filter(s -> !SocketTable.isLoopback(s.address())).toList();
            List<Socket> shown = reachable.isEmpty() ? others : reachable;
            String ports = shown.stream().map(s -> String.valueOf(s.port())).distinct().collect(Collectors.joining(", "));
            return new Diagnosis(DiagnosisKind.WRONG_PORT, "the app listens on " + join(shown) + " inside the container, not on the declared port " + port,
                    withLog(evidence, target), "set target.port: " + shown.getFirst().port() + " in the spec, or make the app listen on " + port
                    + " (ports seen: " + ports + ")", listening);
        }
        return stillStarting(target, spec, evidence, listening);
    }

    /** Nothing serves yet: still busy (log moving at the timeout) or stuck (nothing listens, log quiet). */
    private Diagnosis stillStarting(RunningTarget target, TargetSpec spec, List<String> evidence, List<Socket> listening) {
        long sinceLast = target.log().nanosSinceLastLine();
        boolean logMoving = sinceLast >= 0 && sinceLast < STILL_LOGGING.toNanos();
        if (logMoving) {
            return new Diagnosis(DiagnosisKind.STILL_STARTING, "the app was still starting when the " + seconds(spec.startupTimeout())
                    + " startup timeout passed: nothing listens on port " + target.declaredPort() + " yet and the log was still moving ("
                    + "last line " + (sinceLast / 1_000_000) + " ms before the timeout)",
                    withLog(evidence, target), "raise target.startupTimeout if this start time is expected, or find what the start waits on in the log below", listening);
        }
        if (listening.isEmpty()) {
            return new Diagnosis(DiagnosisKind.NOT_LISTENING, "nothing listens on any TCP port inside the container after " + seconds(spec.startupTimeout())
                    + (target.log().total() == 0 ? " and the app wrote no log" : "; the log went quiet " + (sinceLast / 1_000_000_000) + " s before the timeout"),
                    withLog(evidence, target), "the process runs but never opened a server socket: check the command (is this the web process?) "
                    + "and what it waits on", listening);
        }
        return new Diagnosis(DiagnosisKind.NOT_READY, "the app was not ready within " + seconds(spec.startupTimeout()),
                withLog(evidence, target), "raise target.startupTimeout or check the log below", listening);
    }

    private Diagnosis healthFailing(Tally http, List<String> evidence, List<Socket> listening) {
        var probe = (HttpReadiness) http.probe;
        var last = http.last;
        String body = last.body() == null || last.body().isBlank() ? "" : "; body: " + Excerpts.oneLine(last.body(), 300);
        evidence.add("GET " + probe.path() + " → " + last.httpStatus() + body);
        return new Diagnosis(DiagnosisKind.HEALTH_ENDPOINT_FAILING, "the health endpoint GET " + probe.path() + " answered " + last.httpStatus()
                + " (expected " + probe.expectedStatus() + ")" + body,
                evidence, "the app is up but reports itself unhealthy: read the body above for the failing dependency", listening);
    }

    private Diagnosis exited(ExitInfo exit, RunningTarget target, TargetSpec spec) {
        List<String> evidence = new ArrayList<>();
        if (exit.exitCode() < 0 && exit.error() != null) {
            return new Diagnosis(DiagnosisKind.CONTAINER_REMOVED, exit.error(), withLog(evidence, target),
                    "another process removed the container (a second Shakedown sharing this installation id?); run again", null);
        }
        evidence.add("exit code " + exit.exitCode() + (exit.oomKilled() ? ", OOM-killed" : "") + " after " + exit.runMillis() + " ms"
                + (exit.error() == null ? "" : "; Docker: " + exit.error()));
        String hint;
        String summary;
        if (exit.oomKilled()) {
            Long mem = spec.resources() == null ? null : spec.resources().memoryBytes();
            summary = "the container was killed by the kernel's OOM killer" + (mem == null ? "" : " at its memory limit of " + mem / (1024 * 1024) + " MiB");
            hint = "raise target.resources.memory, or cap the app's own memory below the limit (e.g. -XX:MaxRAMPercentage for a JVM)";
        } else if (forkFailed(target.log().tail(80)).isPresent()) {
            long limit = spec.resources() == null || spec.resources().pids() == null ? TargetSpec.Resources.DEFAULT_PIDS : spec.resources().pids();
            evidence.add("the app's own words: " + forkFailed(target.log().tail(80)).get().strip());
            return new Diagnosis(DiagnosisKind.PROCESS_LIMIT_REACHED, "the container exited with code " + exit.exitCode() + " after "
                    + exit.runMillis() + " ms: its processes filled the container's pids limit of " + limit + " and it could not fork",
                    withLog(evidence, target), PROCESS_LIMIT_HINT + limit, null);
        } else {
            summary = "the container exited with code " + exit.exitCode() + " after " + exit.runMillis() + " ms, before it was ready";
            hint = missingEnvHint(target.log().tail(80), spec.env())
                    .orElse("read the last log lines below: the app stopped by itself");
        }
        return new Diagnosis(exit.oomKilled() ? DiagnosisKind.OOM_KILLED : DiagnosisKind.EXITED, summary, withLog(evidence, target), hint, null);
    }

    /** A fork bomb, a thread leak: the server cannot fork a handler or start a thread, so nothing answers. */
    private Diagnosis processLimit(RunningTarget.ProcessCount processes, Result result, RunningTarget target) {
        List<String> evidence = new ArrayList<>();
        result.tallies().forEach(t -> evidence.add(describe(t, result)));
        evidence.add(processes.current() + " tasks (processes and threads) in the container, its pids limit " + processes.limit() + " (docker stats)");
        return new Diagnosis(DiagnosisKind.PROCESS_LIMIT_REACHED, "the app's processes filled the container's pids limit ("
                + processes.current() + " of " + processes.limit() + "): it could not fork or start a thread to answer",
                withLog(evidence, target), PROCESS_LIMIT_HINT + processes.limit(), null);
    }

    /** The log line of a fork or thread start refused for want of a process slot (EAGAIN), if any. */
    static Optional<String> forkFailed(List<String> log) {
        return log.stream().filter(line -> FORK_FAILED.matcher(line).find()).reduce((first, last) -> last);
    }

    private Diagnosis unreachableUrl(Result result, RunningTarget target) {
        List<String> evidence = new ArrayList<>();
        result.tallies().forEach(t -> evidence.add(describe(t, result)));
        Optional<Tally> http = tally(result, HttpReadiness.class);
        if (http.isPresent() && http.get().last != null && http.get().last.httpStatus() != null) {
            return healthFailing(http.get(), evidence, null);
        }
        String why = result.tallies().stream().filter(t -> !t.ready && t.last != null).map(t -> t.last.outcome()).findFirst().orElse("no answer");
        return new Diagnosis(DiagnosisKind.UNREACHABLE, target.baseUrl() + " was not ready: " + why, evidence,
                "check that the deployment is up and reachable from where Shakedown runs", null);
    }

    /** Finds "X is not set"-style lines naming a variable the spec does not set; names with an underscore win. */
    static Optional<String> missingEnvHint(List<String> lines, Map<String, String> env) {
        for (String line : lines) {
            Matcher words = MISSING_WORDS.matcher(line);
            if (!words.find()) continue;
            int at = words.start();
            String best = null;
            Matcher m = VAR_NAME.matcher(line);
            while (m.find()) {
                String var = m.group(1);
                boolean near = Math.abs(m.start() - at) <= 48 || Math.abs(m.end() - at) <= 48;
                if (!near || NOT_VARS.contains(var) || env.containsKey(var)) continue;
                if (best == null || (var.contains("_") && !best.contains("_"))) best = var;
            }
            if (best != null) {
                return Optional.of("the log says " + best + " is missing (\"" + Excerpts.oneLine(line, 160) + "\"): "
                        + "set it in target.env — production will need it too");
            }
        }
        return Optional.empty();
    }

    private static Optional<Tally> tally(Result result, Class<? extends ReadinessProbe> type) {
        return result.tallies().stream().filter(t -> type.isInstance(t.probe)).findFirst();
    }

    private static String describe(Tally t, Result result) {
        return t.probe.describe() + ": " + (t.ready ? "ready" : t.last == null ? "not tried" : t.last.outcome())
                + " (" + t.attempts + " attempt" + (t.attempts == 1 ? "" : "s") + " in " + result.elapsedMillis() + " ms)";
    }

    private static List<String> withLog(List<String> evidence, RunningTarget target) {
        List<String> tail = target.log().tail(LOG_EVIDENCE_LINES);
        if (target.info().containerId() != null) {
            evidence.add(tail.isEmpty() ? "the container wrote no log" : "last log lines:\n  " + String.join("\n  ", tail));
        }
        return evidence;
    }

    private static String join(List<Socket> sockets) {
        return sockets.stream().map(Socket::toString).collect(Collectors.joining(", "));
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
