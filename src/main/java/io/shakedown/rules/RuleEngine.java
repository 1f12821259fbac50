package io.shakedown.rules;

import io.shakedown.report.Report;
import io.shakedown.report.Report.Location;
import io.shakedown.report.Severity;
import io.shakedown.spec.Units;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.SocketTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates rules against one run's {@link RuleInputs}: first which frameworks the app uses, then every
 * rule that applies to them (and every framework-independent rule). Conditions are three-valued — a
 * source that could not be read is unknown, and only a condition that definitely holds makes a finding.
 */
public final class RuleEngine {
    static final int MAX_EVIDENCE = 5;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|secret|token|key|credential|pwd).*");

    /** One piece of evidence: the sentence shown, where it is, and values a message can quote. */
    record Match(String text, Location location, Map<String, String> vars) {}

    /** Three-valued outcome: holds (with its matches), fails, or unknown (the evidence was not available). */
    record Result(State state, List<Match> matches) {
        enum State { HOLDS, FAILS, UNKNOWN }

        static final Result FAILS = new Result(State.FAILS, List.of());
        static final Result UNKNOWN = new Result(State.UNKNOWN, List.of());

        static Result holds(List<Match> m) {
            return m.isEmpty() ? FAILS : new Result(State.HOLDS, m);
        }

        boolean holds() {
            return state == State.HOLDS;
        }
    }

    /** What the rules stage found: the frameworks and the findings (waivers applied). */
    public record Outcome(Report.FrameworkReport framework, List<Report.Finding> findings, int probesSent) {}

    private final RuleSet rules;

    public RuleEngine(RuleSet rules) {
        this.rules = rules;
    }

    /** Findings carry whether they fail the run: unwaived and at or above {@code spec.failOn()}. */
    public Outcome evaluate(RuleInputs evidence, ValidationSpec.RulesSpec spec) {
        Map<String, String> waivers = spec.waivers();
        List<Report.DetectedFramework> detected = new ArrayList<>();
        for (FrameworkDef f : rules.frameworks()) {
            Result r = eval(f.when(), evidence);
            if (!r.holds()) continue;
            String version = r.matches().stream().map(m -> m.vars().get("version")).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
            detected.add(new Report.DetectedFramework(f.id(), f.name(), version, texts(r.matches())));
        }
        var ids = detected.stream().map(Report.DetectedFramework::id).collect(Collectors.toSet());
        // Detection orders the rules (so the probe budget goes first to the recognised frameworks, then to rules for
        // every app, then to self-evident rules of frameworks not recognised); it gates only rules whose evidence
        // needs the framework to mean something.
        List<Rule> ordered = new ArrayList<>();
        rules.rules().stream().filter(r -> !r.appliesToAll() && r.frameworks().stream().anyMatch(ids::contains)).forEach(ordered::add);
        rules.rules().stream().filter(Rule::appliesToAll).forEach(ordered::add);
        rules.rules().stream().filter(r -> !r.appliesToAll() && r.selfEvident() && r.frameworks().stream().noneMatch(ids::contains)).forEach(ordered::add);
        List<Report.Finding> findings = new ArrayList<>();
        for (Rule rule : ordered) {
            Result r = eval(rule.when(), evidence);
            if (!r.holds()) continue;
            String reason = waivers.get(rule.id());
            boolean frameworkSeen = rule.appliesToAll() || rule.frameworks().stream().anyMatch(ids::contains);
            String fix = frameworkSeen ? rule.fix() : rule.fix() + " (this fix is written for " + frameworkNames(rule)
                    + ", which was not recognised; the response alone shows the problem)";
            boolean failsRun = reason == null && failsRun(rule.severity(), spec.failOn());
            findings.add(new Report.Finding(rule.id(), rule.severity(), rule.title(), render(rule.message(), r.matches()),
                    texts(r.matches()), fix, rule.helpUri(), location(r.matches()), reason != null, reason, failsRun));
        }
        findings.sort(Comparator.comparing(Report.Finding::severity));
        String summary = detected.isEmpty() ? "no framework recognised"
                : detected.stream().map(d -> d.name() + (d.version() == null ? "" : " " + d.version()) + " — " + d.evidence().getFirst())
                        .collect(Collectors.joining("; "));
        Report.ProbeBudget budget = evidence.probeBudget();
        return new Outcome(new Report.FrameworkReport(summary, List.copyOf(detected), budget.sent() + budget.notSent() > 0 ? budget : null),
                List.copyOf(findings), evidence.probesSent());
    }

    private String frameworkNames(Rule rule) {
        return rule.frameworks().stream().map(id -> rules.frameworks().stream().filter(f -> id.equals(f.id())).map(FrameworkDef::name)
                .findFirst().orElse(id)).distinct().collect(Collectors.joining(" / "));
    }

    /** The first evidence that has a place; a finding made only of absences points at the runtime. */
    private static Location location(List<Match> matches) {
        return matches.stream().map(Match::location).filter(l -> l != null).findFirst().orElse(new Location("runtime", null, null, null));
    }

    private static List<String> texts(List<Match> matches) {
        return matches.stream().map(Match::text).distinct().limit(MAX_EVIDENCE).toList();
    }

    /** Replaces {name} with the first value any match captured under that name; names nothing captured become empty. */
    static String render(String template, List<Match> matches) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = matches.stream().map(x -> x.vars().get(name)).filter(v -> v != null).findFirst().orElse("");
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    // ----------------------------------------------------------- conditions

    Result eval(Condition c, RuleInputs ev) {
        return switch (c) {
            case Condition.All all -> {
                List<Match> m = new ArrayList<>();
                boolean unknown = false;
                for (Condition x : all.conditions()) {
                    Result r = eval(x, ev);
                    if (r.state() == Result.State.FAILS) yield Result.FAILS;
                    if (r.state() == Result.State.UNKNOWN) unknown = true;
                    m.addAll(r.matches());
                }
                yield unknown ? Result.UNKNOWN : Result.holds(m);
            }
            case Condition.Any any -> {
                List<Match> m = new ArrayList<>();
                boolean unknown = false;
                for (Condition x : any.conditions()) {
                    Result r = eval(x, ev);
                    if (r.holds()) m.addAll(r.matches());
                    if (r.state() == Result.State.UNKNOWN) unknown = true;
                }
                yield !m.isEmpty() ? Result.holds(m) : unknown ? Result.UNKNOWN : Result.FAILS;
            }
            case Condition.Not not -> {
                Result r = eval(not.condition(), ev);
                yield switch (r.state()) {
                    case HOLDS -> Result.FAILS;
                    case UNKNOWN -> Result.UNKNOWN;
                    case FAILS -> Result.holds(List.of(new Match("not found: " + describe(not.condition()),
                            not.condition() instanceof Condition.File f ? new Location("file", f.paths().getFirst(), null, null) : null,
                            Map.of("value", describe(not.condition())))));
                };
            }
            case Condition.File f -> file(f, ev);
            case Condition.ImageConfig i -> imageConfig(i, ev);
            case Condition.Log l -> log(l, ev);
            case Condition.Http h -> http(h, ev);
            case Condition.Listening l -> listening(l, ev);
            case Condition.Process p -> process(p, ev);
            case Condition.Env e -> env(e, ev);
            case Condition.JvmHeap j -> jvmHeap(j, ev);
            case Condition.OomKilled o -> ev.oomKilled().map(k -> k
                    ? Result.holds(List.of(new Match("the container was OOM-killed (docker inspect State.OOMKilled)",
                    new Location("runtime", "State.OOMKilled", null, null), Map.of())))
                    : Result.FAILS).orElse(Result.UNKNOWN);
        };
    }

    static String describe(Condition c) {
        return switch (c) {
            case Condition.File f -> String.join(" or ", f.paths()) + (f.inJar() == null ? "" : " containing " + f.inJar())
                    + (f.properties().isEmpty() ? "" : " with " + String.join("/", f.properties()))
                    + (f.matches() == null ? "" : " matching /" + f.matches() + "/");
            case Condition.ImageConfig i -> "image config " + i.field() + (i.key() == null ? "" : " " + i.key());
            case Condition.Log l -> "a log line matching /" + l.matches() + "/";
            case Condition.Env e -> "env " + e.key();
            case Condition.Listening l -> "a socket listening on " + (l.address().equals("any") ? "any address" : "a " + l.address() + " address")
                    + (l.port().equals("declared") ? " on the declared port" : l.port().equals("other") ? " on another port" : l.port().equals("any") ? "" : " on port " + l.port());
            default -> c.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        };
    }

    private Result file(Condition.File f, RuleInputs ev) {
        if (!ev.hasContainer()) return Result.UNKNOWN;
        List<Match> out = new ArrayList<>();
        boolean readable = false;
        for (String glob : f.paths()) {
            String path = glob;
            if (glob.equals("{entrypoint}")) {
                Optional<String> exe = ev.entrypointExecutable();
                if (exe.isEmpty()) continue;
                path = exe.get();
            } else if (glob.startsWith("{workdir}")) {
                Optional<String> wd = ev.workdir();
                if (wd.isEmpty()) continue;
                path = wd.get() + glob.substring("{workdir}".length());
            }
            boolean wild = Globs.hasWildcard(path);
            String folder = wild ? Globs.literalPrefix(path) : path;
            boolean existenceOnly = !wild && f.inJar() == null && f.properties().isEmpty() && f.matches() == null;
            Optional<List<RuleInputs.ImageFile>> files = ev.files(folder, existenceOnly);
            if (files.isEmpty()) continue;
            readable = true;
            Pattern pathPattern = Globs.compile(path);
            for (RuleInputs.ImageFile file : files.get()) {
                if (!pathPattern.matcher(file.path()).matches()) continue;
                if (f.inJar() != null) {
                    Pattern entryPattern = Globs.compile(f.inJar());
                    for (RuleInputs.ImageFile entry : ev.jarEntries(file)) {
                        if (entryPattern.matcher(entry.path()).matches()) {
                            content(f, entry.path() + " (in " + file.path() + ")", file.path() + "!/" + entry.path(), entry, out);
                        }
                    }
                } else {
                    content(f, file.path(), file.path(), file, out);
                }
            }
        }
        if (!readable) return Result.UNKNOWN;
        return Result.holds(out);
    }

    private void content(Condition.File f, String shown, String location, RuleInputs.ImageFile file, List<Match> out) {
        Map<String, String> base = Map.of("file", location);
        if (f.properties().isEmpty() && f.matches() == null) {
            out.add(new Match(shown + " exists in the image", new Location("file", location, null, null), vars(base, "value", location)));
            return;
        }
        if (file.content() == null) return;
        String text = new String(file.content(), StandardCharsets.UTF_8);
        if (!f.properties().isEmpty()) {
            if (!ConfigFiles.isConfig(file.path())) return;
            for (ConfigFiles.Property p : ConfigFiles.parse(file.path(), text)) {
                if (!f.properties().contains(p.key())) continue;
                Matcher m = f.matches() == null ? null : f.matches().matcher(p.value());
                if (m != null && !m.find()) continue;
                Map<String, String> v = new LinkedHashMap<>(base);
                v.put("key", p.key());
                v.put("value", p.value());
                v.put("line", String.valueOf(p.line()));
                if (m != null) groups(m, v);
                out.add(new Match(shown + " line " + p.line() + ": " + p.key() + "=" + p.value(), new Location("file", location, p.line(), null), v));
            }
            return;
        }
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = f.matches().matcher(lines[i]);
            if (!m.find()) continue;
            Map<String, String> v = new LinkedHashMap<>(base);
            v.put("value", m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
            v.put("line", String.valueOf(i + 1));
            groups(m, v);
            out.add(new Match(shown + " line " + (i + 1) + ": " + lines[i].strip(), new Location("file", location, i + 1, null), v));
            if (out.size() >= MAX_EVIDENCE) return;
        }
    }

    private Result imageConfig(Condition.ImageConfig c, RuleInputs ev) {
        var image = ev.image();
        if (image.isEmpty() || image.get().getConfig() == null) return ev.hasContainer() && image.isPresent() ? Result.FAILS : Result.UNKNOWN;
        var cfg = image.get().getConfig();
        Location loc = new Location("image-config", c.field(), null, null);
        if (c.field().equals("Env") || c.field().equals("Labels")) {
            Map<String, String> entries = new LinkedHashMap<>();
            if (c.field().equals("Env") && cfg.getEnv() != null) {
                for (String kv : cfg.getEnv()) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) entries.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            } else if (cfg.getLabels() != null) {
                entries.putAll(cfg.getLabels());
            }
            return keyed("image config " + c.field(), entries, c.key(), c.matches(), c.absent(), loc);
        }
        String value = switch (c.field()) {
            case "User" -> cfg.getUser() == null ? "" : cfg.getUser();
            case "Cmd" -> cfg.getCmd() == null ? "" : String.join(" ", cfg.getCmd());
            case "Entrypoint" -> cfg.getEntrypoint() == null ? "" : String.join(" ", cfg.getEntrypoint());
            case "ExposedPorts" -> cfg.getExposedPorts() == null ? "" : Arrays.stream(cfg.getExposedPorts())
                    .map(Object::toString).sorted().collect(Collectors.joining(" "));
            case "Healthcheck" -> cfg.getHealthcheck() == null || cfg.getHealthcheck().getTest() == null
                    || cfg.getHealthcheck().getTest().isEmpty() || "NONE".equals(cfg.getHealthcheck().getTest().getFirst())
                    ? "" : String.join(" ", cfg.getHealthcheck().getTest());
            case "WorkingDir" -> cfg.getWorkingDir() == null ? "" : cfg.getWorkingDir();
            default -> "";
        };
        if (c.absent()) {
            return value.isBlank() ? Result.holds(List.of(new Match("image config " + c.field() + " is not set", loc, Map.of("value", ""))))
                    : Result.FAILS;
        }
        Matcher m = c.matches().matcher(value);
        if (!m.find()) return Result.FAILS;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("value", value);
        groups(m, v);
        return Result.holds(List.of(new Match("image config " + c.field() + ": " + (value.isEmpty() ? "(not set)" : "\"" + value + "\""), loc, v)));
    }

    private Result keyed(String what, Map<String, String> entries, Pattern key, Pattern matches, boolean absent, Location loc) {
        List<Match> out = new ArrayList<>();
        for (var e : entries.entrySet()) {
            if (key != null && !key.matcher(e.getKey()).matches()) continue;
            Matcher m = matches == null ? null : matches.matcher(e.getValue());
            if (m != null && !m.find()) continue;
            Map<String, String> v = new LinkedHashMap<>();
            v.put("key", e.getKey());
            v.put("value", e.getValue());
            if (m != null) groups(m, v);
            out.add(new Match(what + ": " + e.getKey() + "=" + mask(e.getKey(), e.getValue()), loc, v));
        }
        if (absent) {
            return out.isEmpty() ? Result.holds(List.of(new Match(what + ": no " + key + " set", loc, Map.of("key", String.valueOf(key)))))
                    : Result.FAILS;
        }
        return Result.holds(out);
    }

    /** Secret-looking values are never copied into a report. */
    static String mask(String name, String value) {
        if (!SECRET_NAME.matcher(name).matches() || value.length() <= 2) return value;
        return value.substring(0, 2) + "…(" + value.length() + " characters, masked)";
    }

    private Result log(Condition.Log l, RuleInputs ev) {
        Optional<RuleInputs.LogLines> log = ev.log();
        if (log.isEmpty()) return Result.UNKNOWN;
        List<Match> out = new ArrayList<>();
        List<String> lines = log.get().lines();
        for (int i = 0; i < lines.size() && out.size() < MAX_EVIDENCE; i++) {
            Matcher m = l.matches().matcher(lines.get(i));
            if (!m.find()) continue;
            long number = log.get().firstLine() + i;
            Map<String, String> v = new LinkedHashMap<>();
            v.put("value", m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
            v.put("logLine", lines.get(i).strip());
            groups(m, v);
            out.add(new Match("log line " + number + ": \"" + abbreviate(lines.get(i).strip(), 240) + "\"", new Location("log", null, (int) number, null), v));
        }
        return Result.holds(out);
    }

    private Result http(Condition.Http h, RuleInputs ev) {
        List<RuleInputs.Exchange> exchanges;
        if (h.request() == null) {
            exchanges = ev.passive();
            if (exchanges.isEmpty()) return Result.UNKNOWN;
        } else {
            Optional<RuleInputs.Exchange> x = ev.probe(h.request());
            if (x.isEmpty() || x.get().status() < 0) return Result.UNKNOWN;
            exchanges = List.of(x.get());
        }
        List<Match> out = new ArrayList<>();
        for (RuleInputs.Exchange x : exchanges) {
            if (x.status() < 0) continue;
            Map<String, String> v = new LinkedHashMap<>();
            v.put("status", String.valueOf(x.status()));
            StringBuilder text = new StringBuilder(x.request()).append(" → ").append(x.status());
            if (h.status() != null && !h.status().matcher(String.valueOf(x.status())).matches()) continue;
            boolean ok = true;
            for (var e : h.headers().entrySet()) {
                String value = x.header(e.getKey());
                Matcher m = value == null ? null : e.getValue().matcher(value);
                if (m == null || !m.find()) { ok = false; break; }
                v.putIfAbsent("value", value);
                v.put(headerVar(e.getKey()), value);
                groups(m, v);
                text.append("; ").append(e.getKey()).append(": ").append(value);
            }
            if (!ok) continue;
            for (String name : h.headersAbsent()) {
                if (x.header(name) != null) { ok = false; break; }
                text.append("; no ").append(name);
            }
            if (!ok) continue;
            if (h.stackTrace()) {
                var trace = StackTraces.find(x.body());
                if (trace.isEmpty()) continue;
                v.putIfAbsent("value", trace.get().format() + " stack trace: " + abbreviate(trace.get().excerpt(), 200));
                v.put("where", trace.get().excerpt());
                text.append("; ").append(trace.get().format()).append(" stack trace in the body: \"").append(abbreviate(trace.get().excerpt(), 240)).append('"');
            }
            if (h.body() != null) {
                Matcher m = x.body() == null ? null : h.body().matcher(x.body());
                if (m == null || !m.find()) continue;
                v.putIfAbsent("value", m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
                groups(m, v);
                text.append("; body: \"").append(excerptAround(x.body(), m.start(), m.end())).append('"');
            }
            out.add(new Match(text.toString(), new Location("http", null, null, x.request()), v));
        }
        return Result.holds(out);
    }

    private static String headerVar(String header) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : header.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) { up = true; continue; }
            sb.append(sb.isEmpty() ? Character.toLowerCase(c) : up ? Character.toUpperCase(c) : Character.toLowerCase(c));
            up = false;
        }
        return sb.toString();
    }

    private Result listening(Condition.Listening l, RuleInputs ev) {
        Optional<SocketTable.Reading> reading = ev.listening();
        if (reading.isEmpty()) return Result.UNKNOWN;
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
        return Result.holds(out);
    }

    private Result process(Condition.Process p, RuleInputs ev) {
        Optional<RuleInputs.ProcessInfo> proc = ev.mainProcess();
        if (proc.isEmpty()) return Result.UNKNOWN;
        var info = proc.get();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("cmdline", info.cmdline());
        v.put("user", info.user());
        if (p.cmdline() != null) {
            Matcher m = p.cmdline().matcher(info.cmdline());
            if (!m.find()) return Result.FAILS;
            v.put("value", m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
            groups(m, v);
        }
        if (p.user() != null) {
            Matcher m = p.user().matcher(info.user());
            if (!m.find()) return Result.FAILS;
            v.putIfAbsent("value", info.user());
        }
        return Result.holds(List.of(new Match("main process" + (info.pid() == null ? "" : " (pid " + info.pid() + " on the host)")
                + " runs as " + info.user() + ": " + abbreviate(info.cmdline(), 240) + " (" + info.source() + ")",
                new Location("runtime", "main process", null, null), v)));
    }

    private Result env(Condition.Env e, RuleInputs ev) {
        Optional<Map<String, String>> env = ev.env();
        if (env.isEmpty()) return Result.UNKNOWN;
        return keyed("container env", env.get(), e.key(), e.matches(), e.absent(), new Location("runtime", "Config.Env", null, null));
    }

    private Result jvmHeap(Condition.JvmHeap j, RuleInputs ev) {
        Optional<RuleInputs.ProcessInfo> proc = ev.mainProcess();
        Optional<Map<String, String>> env = ev.env();
        if (proc.isEmpty() || env.isEmpty()) return Result.UNKNOWN;
        Optional<Long> limit = ev.memoryLimit();
        String cmdline = proc.get().cmdline();
        boolean java = Pattern.compile("(^|/|\\s)java(\\s|$)").matcher(cmdline).find();
        if (!java || limit.isEmpty()) return Result.FAILS;
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
            return Result.FAILS; // the JVM's default (25% of the limit) fits
        }
        if (heap < j.ratio() * limit.get()) return Result.FAILS;
        Map<String, String> v = Map.of("heap", mib(heap), "limit", mib(limit.get()), "value", from);
        return Result.holds(List.of(
                new Match("JVM max heap " + mib(heap) + " from " + from + " (" + abbreviate(cmdline, 160) + ")",
                        new Location("runtime", "main process", null, null), v),
                new Match("container memory limit " + mib(limit.get()) + " (HostConfig.Memory)",
                        new Location("runtime", "HostConfig.Memory", null, null), v)));
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static void groups(Matcher m, Map<String, String> vars) {
        for (var e : m.namedGroups().entrySet()) {
            String g = m.group(e.getValue());
            if (g != null) vars.put(e.getKey(), g);
        }
    }

    private static Map<String, String> vars(Map<String, String> base, String k, String v) {
        var out = new LinkedHashMap<>(base);
        out.put(k, v);
        return out;
    }

    private static String excerptAround(String body, int start, int end) {
        int from = Math.max(0, start - 60);
        int to = Math.min(body.length(), Math.max(end, start + 1) + 100);
        return (from > 0 ? "…" : "") + body.substring(from, to).replaceAll("\\s+", " ") + (to < body.length() ? "…" : "");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }


    /** Whether an unwaived finding of {@code severity} fails a run whose spec says rules.failOn {@code failOn}. */
    static boolean failsRun(Severity severity, ValidationSpec.RulesSpec.FailOn failOn) {
        return switch (failOn) {
            case NEVER -> false;
            case WARNING -> severity.atLeast(Severity.WARNING);
            case ERROR -> severity.atLeast(Severity.ERROR);
        };
    }

    /** The rules stage's one-line message: "Quarkus · 1 error, 2 warnings (1 waived)". */
    public static String describe(Outcome o) {
        var f = o.findings();
        long errors = f.stream().filter(x -> x.severity() == Severity.ERROR).count();
        long warnings = f.stream().filter(x -> x.severity() == Severity.WARNING).count();
        long waived = f.stream().filter(Report.Finding::waived).count();
        String frameworks = o.framework().detected().isEmpty() ? "no framework recognised"
                : o.framework().detected().stream().map(Report.DetectedFramework::name).collect(Collectors.joining(", "));
        return frameworks + " · " + (f.isEmpty() ? "no findings" : errors + " error(s), " + warnings + " warning(s)"
                + (f.size() > errors + warnings ? ", " + (f.size() - errors - warnings) + " info" : "")
                + (waived > 0 ? " (" + waived + " waived)" : "")) + (o.probesSent() > 0 ? " · " + o.probesSent() + " probe(s)" : "");
    }
}
