package io.shakedown.rules;

import io.shakedown.report.Report.Location;
import io.shakedown.spec.Units;
import io.shakedown.target.SocketTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditions on what the running container shows: its log ({@code log}), its listening sockets ({@code listening}),
 * its main process ({@code process}), its environment ({@code env}), its JVM heap against the memory limit
 * ({@code jvmHeap}) and whether the kernel OOM-killed it ({@code oomKilled}).
 */
final class RuntimeEvidence {
    private static final Pattern JAVA = Pattern.compile("(^|/|\\s)java(\\s|$)");

    private RuntimeEvidence() {}

    static ConditionResult log(Condition.Log l, RuleInputs ev) {
        Optional<RuleInputs.LogLines> log = ev.log();
        if (log.isEmpty()) return ConditionResult.UNKNOWN;
        List<Match> out = new ArrayList<>();
        List<String> lines = log.get().lines();
        for (int i = 0; i < lines.size() && out.size() < Match.MAX_EVIDENCE; i++) {
            Matcher m = l.matches().matcher(lines.get(i));
            if (!m.find()) continue;
            long number = log.get().firstLine() + i;
            Map<String, String> v = new LinkedHashMap<>();
            v.put("value", Match.value(m));
            v.put("logLine", lines.get(i).strip());
            Match.groups(m, v);
            out.add(new Match("log line " + number + ": \"" + Match.abbreviate(lines.get(i).strip(), 240) + "\"",
                    new Location("log", null, (int) number, null), v));
        }
        return ConditionResult.holds(out);
    }

    static ConditionResult listening(Condition.Listening l, RuleInputs ev) {
        Optional<SocketTable.Reading> reading = ev.listening();
        if (reading.isEmpty()) return ConditionResult.UNKNOWN;
        int declared = ev.declaredPort();
        List<Match> out = new ArrayList<>();
        for (var s : reading.get().listening()) {
            boolean portOk = switch (l.port()) {
                case "declared" -> s.port() == declared;
                case "other" -> s.port() != declared;
                case "any" -> true;
                default -> s.port() == Integer.parseInt(l.port());
            };
            boolean addrOk = switch (l.address()) {
                case "loopback" -> SocketTable.isLoopback(s.address());
                case "non-loopback" -> !SocketTable.isLoopback(s.address());
                case "wildcard" -> SocketTable.isWildcard(s.address());
                case "any" -> true;
                default -> Pattern.compile(l.address()).matcher(s.address()).find();
            };
            if (portOk && addrOk) {
                out.add(new Match("listening inside the container on " + s + " (" + reading.get().source() + ")",
                        new Location("runtime", "/proc/net/tcp", null, null),
                        Map.of("value", s.toString(), "address", s.address(), "port", String.valueOf(s.port()))));
            }
        }
        return ConditionResult.holds(out);
    }

    static ConditionResult process(Condition.Process p, RuleInputs ev) {
        Optional<RuleInputs.ProcessInfo> proc = ev.mainProcess();
        if (proc.isEmpty()) return ConditionResult.UNKNOWN;
        var info = proc.get();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("cmdline", info.cmdline());
        v.put("user", info.user());
        if (p.cmdline() != null) {
            Matcher m = p.cmdline().matcher(info.cmdline());
            if (!m.find()) return ConditionResult.FAILS;
            v.put("value", Match.value(m));
            Match.groups(m, v);
        }
        if (p.user() != null) {
            Matcher m = p.user().matcher(info.user());
            if (!m.find()) return ConditionResult.FAILS;
            v.putIfAbsent("value", info.user());
        }
        return ConditionResult.holds(List.of(new Match("main process" + (info.pid() == null ? "" : " (pid " + info.pid() + " on the host)")
                + " runs as " + info.user() + ": " + Match.abbreviate(info.cmdline(), 240) + " (" + info.source() + ")",
                new Location("runtime", "main process", null, null), v)));
    }

    static ConditionResult env(Condition.Env e, RuleInputs ev) {
        Optional<Map<String, String>> env = ev.env();
        if (env.isEmpty()) return ConditionResult.UNKNOWN;
        return KeyedValues.match("container env", env.get(), e.key(), e.matches(), e.absent(), new Location("runtime", "Config.Env", null, null));
    }

    static ConditionResult oomKilled(RuleInputs ev) {
        return ev.oomKilled().map(k -> k
                ? ConditionResult.holds(List.of(new Match("the container was OOM-killed (docker inspect State.OOMKilled)",
                        new Location("runtime", "State.OOMKilled", null, null), Map.of())))
                : ConditionResult.FAILS).orElse(ConditionResult.UNKNOWN);
    }

    static ConditionResult jvmHeap(Condition.JvmHeap j, RuleInputs ev) {
        Optional<RuleInputs.ProcessInfo> proc = ev.mainProcess();
        Optional<Map<String, String>> env = ev.env();
        if (proc.isEmpty() || env.isEmpty()) return ConditionResult.UNKNOWN;
        Optional<Long> limit = ev.memoryLimit();
        String cmdline = proc.get().cmdline();
        if (!JAVA.matcher(cmdline).find() || limit.isEmpty()) return ConditionResult.FAILS;
        // Precedence as the JVM applies it: JAVA_TOOL_OPTIONS, then JDK_JAVA_OPTIONS, then the command line; the last flag wins.
        Long xmx = null;
        Double percentage = null;
        Long maxRam = null;
        String from = null;
        for (var source : List.of(
                Map.entry("JAVA_TOOL_OPTIONS", env.get().getOrDefault("JAVA_TOOL_OPTIONS", "")),
                Map.entry("JDK_JAVA_OPTIONS", env.get().getOrDefault("JDK_JAVA_OPTIONS", "")),
                Map.entry("the command line", cmdline))) {
            for (String arg : source.getValue().split("\\s+")) {
                if (arg.startsWith("-Xmx") || arg.startsWith("-XX:MaxHeapSize=")) {
                    Long b = Units.bytes(arg.startsWith("-Xmx") ? arg.substring(4) : arg.substring(arg.indexOf('=') + 1));
                    if (b != null) { xmx = b; from = arg + " in " + source.getKey(); }
                } else if (arg.startsWith("-XX:MaxRAMPercentage=")) {
                    try {
                        percentage = Double.parseDouble(arg.substring(arg.indexOf('=') + 1));
                        if (xmx == null) from = arg + " in " + source.getKey();
                    } catch (NumberFormatException ignored) { }
                } else if (arg.startsWith("-XX:MaxRAM=")) {
                    maxRam = Units.bytes(arg.substring(arg.indexOf('=') + 1));
                }
            }
        }
        long heap;
        if (xmx != null) {
            heap = xmx;
        } else if (percentage != null) {
            heap = (long) ((maxRam != null ? maxRam : limit.get()) * percentage / 100);
        } else {
            return ConditionResult.FAILS; // the JVM's default (25% of the limit) fits
        }
        if (heap < j.ratio() * limit.get()) return ConditionResult.FAILS;
        Map<String, String> v = Map.of("heap", mib(heap), "limit", mib(limit.get()), "value", from);
        return ConditionResult.holds(List.of(
                new Match("JVM max heap " + mib(heap) + " from " + from + " (" + Match.abbreviate(cmdline, 160) + ")",
                        new Location("runtime", "main process", null, null), v),
                new Match("container memory limit " + mib(limit.get()) + " (HostConfig.Memory)",
                        new Location("runtime", "HostConfig.Memory", null, null), v)));
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
