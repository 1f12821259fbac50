package io.shakedown.rules;

import io.shakedown.report.Report;
import io.shakedown.target.ContainerEvidence;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.SocketTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import io.shakedown.run.Bounded;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the rules can look at for one run, each source read lazily, at most once, and bounded:
 * <ul>
 *   <li>files in the image (including entries inside jars), the image config and the container's effective config:
 *       {@link ImageReads}, whose slow reads begin while readiness polls ({@link EarlyImageReads});</li>
 *   <li>the container log;</li>
 *   <li>HTTP: the responses the checks already got, and the rules' own probes (sent once each, only to
 *       the target, only when it is ready, at most {@link #MAX_PROBES} per run; with a parallelism above 1 those the
 *       evaluation will certainly ask for are sent ahead, that many at a time: {@link #sendAhead});</li>
 *   <li>runtime state: listening sockets, the app's main process — both read in the background ({@link RuntimeReads}:
 *       the process from the moment readiness passed, the sockets from the rules stage's start, {@link #beginRuntimeReads})
 *       —, memory limit, OOM kill.</li>
 * </ul>
 * A source that cannot be read (a URL target has no image) is "unknown", never "absent", so a rule
 * cannot fire on missing evidence.
 */
public final class RuleInputs {
    static final int MAX_PROBES = 24;
    private final List<Condition.Http.Request> notSent = new ArrayList<>();
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    static final int MAX_BODY_CHARS = 64 * 1024;

    /**
     * One HTTP request and what came back (status -1 with {@code error} when nothing did). {@code body} is redacted
     * ({@link ResponseSecrets}); {@code json} is the whole body as JSON (null when it is not JSON) for
     * {@code jsonValues}, which never quotes a value.
     */
    public record Exchange(String request, int status, Map<String, List<String>> headers, String body, String error, JsonNode json) {
        Exchange(String request, int status, Map<String, List<String>> headers, String body, String error) {
            this(request, status, headers, body, error, null);
        }

        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) return String.join(", ", e.getValue());
            }
            return null;
        }
    }

    /** A process of the container as {@code docker top} shows it. */
    public record ProcessInfo(String pid, String ppid, String user, String cmdline, String source) {}

    /** The image and container config and files; without a container (a URL target) only HTTP and the log exist. */
    private final ImageReads reads;
    private final RunningTarget target;
    private final boolean ready;
    private final List<Report.CheckResult> passive;
    private final HttpClient http;
    /** How many probes may be in flight at once (the spec's settings.parallelism); 1: each is sent when a rule asks. */
    private final int parallelism;

    /** The probes in the order the evaluation asked for them: what the budget counts and the report shows. */
    private final Map<Condition.Http.Request, Exchange> probes = new LinkedHashMap<>();
    /** Answers of probes sent ahead ({@link #sendAhead}), each taken by the evaluation when it asks for that probe. */
    private final Map<Condition.Http.Request, Exchange> sentAhead = new ConcurrentHashMap<>();
    /** Folders begun in the background for the forecast ({@link #fileReadsAtHand}). */
    private final Set<ImageEvidence.FolderRead> filesAwaited = ConcurrentHashMap.newKeySet();
    /** The main process and the sockets: begun by the engine when readiness passed, else by {@link #beginRuntimeReads}. */
    private final RuntimeReads runtime;

    /**
     * @param reads       the image and container side ({@code new ImageReads(null)} for a URL target: then only HTTP and the log exist)
     * @param ready       whether readiness passed: active HTTP probes are sent only then
     * @param passive     the check results so far (their responses are passive HTTP evidence)
     */
    public RuleInputs(ImageReads reads, RunningTarget target, boolean ready, List<Report.CheckResult> passive, HttpClient http) {
        this(reads, target, ready, passive, http, 1);
    }

    /** As above; {@code parallelism}: how many probes may be in flight at once (the spec's settings.parallelism). */
    public RuleInputs(ImageReads reads, RunningTarget target, boolean ready, List<Report.CheckResult> passive, HttpClient http, int parallelism) {
        this(reads, target, ready, passive, http, parallelism, null);
    }

    /**
     * As above; {@code runtime}: the main process and sockets read since readiness passed, taken when they are of the
     * same {@code reads} and {@code target}; else (or null) they are read from the rules stage on.
     */
    public RuleInputs(ImageReads reads, RunningTarget target, boolean ready, List<Report.CheckResult> passive, HttpClient http, int parallelism,
                      RuntimeReads runtime) {
        this.reads = reads;
        this.target = target;
        this.ready = ready;
        this.passive = passive == null ? List.of() : passive;
        this.http = http;
        this.parallelism = parallelism;
        this.runtime = runtime != null && runtime.of(reads, target) ? runtime : new RuntimeReads(reads, target);
    }

    /**
     * Begins reading the runtime state {@code rules} look at (the main process, the listening sockets) on virtual
     * threads, unless begun already, so that it is read while the probes are under way; the conditions then await
     * it. Each is read once per run either way.
     */
    void beginRuntimeReads(RuleSet rules) {
        runtime.begin(rules);
    }

    boolean hasContainer() {
        return reads.hasContainer();
    }

    // ------------------------------------------------------------ image config

    Optional<ContainerEvidence.ImageConfig> image() {
        return reads.image();
    }

    Optional<ContainerEvidence.StartedWith> container() {
        return reads.container();
    }

    // ------------------------------------------------------------------ files

    /** The image's files: {@link ImageReads}, the one reader (shared with the reads begun during readiness). */
    ImageReads imageReads() {
        return reads;
    }

    // -------------------------------------------------------------------- log

    /** The retained log lines and the number of the first one (1-based, in the whole log). */
    record LogLines(List<String> lines, long firstLine) {}

    Optional<LogLines> log() {
        if (target == null || target.info().containerId() == null) return Optional.empty();
        List<String> lines = target.log().tail(Integer.MAX_VALUE);
        return Optional.of(new LogLines(lines, target.log().total() - lines.size() + 1));
    }

    // ------------------------------------------------------------------- http

    List<Exchange> passive() {
        List<Exchange> out = new ArrayList<>();
        for (Report.CheckResult c : passive) {
            if (c.response() == null || c.request() == null) continue;
            String path = c.request().url() == null ? "?" : URI.create(c.request().url()).getRawPath();
            out.add(new Exchange(c.request().method() + " " + path + " (check \"" + c.name() + "\")", c.response().status(),
                    c.response().headers() == null ? Map.of() : c.response().headers(), ResponseSecrets.redact(c.response().bodyExcerpt()), null,
                    c.response().bodyExcerpt() == null ? null : JsonValues.parse(c.response().bodyExcerpt().getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    /** Whether a runtime read {@code c} needs (the main process, the sockets) is under way in the background. */
    boolean runtimeReadInFlight(Condition c) {
        return switch (c) {
            case Condition.Process p -> runtime.mainProcessInFlight();
            case Condition.JvmHeap j -> runtime.mainProcessInFlight();
            case Condition.Listening l -> runtime.listeningInFlight();
            default -> false;
        };
    }

    /**
     * Whether a {@code file} condition's folders are read; if not, their reads are begun in the background (the forecast
     * then counts the condition as pending, and {@link #awaitReads} waits for them).
     */
    boolean fileReadsAtHand(Condition.File f) {
        if (!hasContainer()) return true;
        boolean atHand = true;
        for (ImageEvidence.FolderRead read : ImageEvidence.folderReads(f, reads)) {
            if (!reads.filesAtHand(read.folder(), read.firstEntryOnly())) {
                filesAwaited.add(read);
                atHand = false;
            }
        }
        return atHand;
    }

    /** Waits for the reads under way in the background: the main process, the sockets, the folders forecast conditions need. */
    void awaitReads() {
        runtime.mainProcess();
        runtime.listening();
        filesAwaited.forEach(read -> reads.files(read.folder(), read.firstEntryOnly()));
    }

    /**
     * The rule's probe, sent once per run (or taken from those sent ahead); empty when the target is not ready or the
     * probe budget is spent. The budget counts probes in the order the evaluation asks for them, whenever they were sent.
     */
    Optional<Exchange> probe(Condition.Http.Request asWritten) {
        Optional<Condition.Http.Request> resolved = probeRequest(asWritten);
        if (resolved.isEmpty()) return Optional.empty();
        Condition.Http.Request request = resolved.get();
        if (probes.containsKey(request)) return Optional.ofNullable(probes.get(request));
        if (probes.size() >= MAX_PROBES) {
            notSent.add(request);
            return Optional.empty();
        }
        Exchange ahead = sentAhead.remove(request);
        Exchange result = ahead != null ? ahead : send(request);
        probes.put(request, result);
        return Optional.of(result);
    }

    /** The request a probe condition sends (its placeholders filled in); empty when no probe can be sent for it. */
    Optional<Condition.Http.Request> probeRequest(Condition.Http.Request asWritten) {
        return !ready || target == null ? Optional.empty() : resolve(asWritten);
    }

    /** Whether probes are sent ahead of the evaluation: the app is ready and more than one may be in flight. */
    boolean sendsAhead() {
        return ready && target != null && parallelism > 1;
    }

    /** A probe's answer if it was sent ahead or already asked for; empty while it was not sent. */
    Optional<Exchange> answered(Condition.Http.Request request) {
        Exchange x = probes.containsKey(request) ? probes.get(request) : sentAhead.get(request);
        return Optional.ofNullable(x);
    }

    /**
     * Sends {@code requests} now, {@code parallelism} at a time, for the evaluation to take when it asks for them
     * ({@link ProbeForecast} chose them: it asks for each, within the budget). An interrupted wait stops sending; what
     * was not sent is then sent (or not) by the evaluation itself.
     */
    void sendAhead(Collection<Condition.Http.Request> requests) {
        try {
            Bounded.map(List.copyOf(requests), parallelism, "rule probe", request -> sentAhead.put(request, send(request)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Probes sent ahead that the evaluation never asked for: none, unless {@link ProbeForecast} is wrong (tests check). */
    Set<Condition.Http.Request> sentAheadUnasked() {
        return Set.copyOf(sentAhead.keySet());
    }

    private Exchange send(Condition.Http.Request request) {
        return ProbeExchange.send(http, target.baseUrl(), request);
    }

    private static final Pattern ID_SEGMENT = Pattern.compile("[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * The request with a placeholder path filled in from the declared checks: {@code {wrongTypedParam}} → the first
     * checked path with a numeric or UUID segment, that segment replaced by text; {@code {jsonEndpoint}} → the first
     * checked path sent JSON with POST, PUT or PATCH (else POST /). Empty when there is nothing to fill it with.
     */
    Optional<Condition.Http.Request> resolve(Condition.Http.Request r) {
        if (r.path().equals(Condition.Http.WRONG_TYPED_PARAM)) {
            for (Report.CheckResult c : passive) {
                if (c.request() == null || c.request().url() == null) continue;
                String path = URI.create(c.request().url()).getRawPath();
                String[] segments = path.split("/", -1);
                for (int i = 0; i < segments.length; i++) {
                    if (ID_SEGMENT.matcher(segments[i]).matches()) {
                        segments[i] = "shakedown-probe";
                        return Optional.of(new Condition.Http.Request(r.method(), String.join("/", segments), r.headers(), r.body()));
                    }
                }
            }
            return Optional.empty();
        }
        if (r.path().equals(Condition.Http.JSON_ENDPOINT)) {
            for (Report.CheckResult c : passive) {
                var rq = c.request();
                if (rq == null || rq.url() == null || !List.of("POST", "PUT", "PATCH").contains(rq.method())) continue;
                boolean json = rq.headers() != null && rq.headers().entrySet().stream()
                        .anyMatch(h -> h.getKey().equalsIgnoreCase("content-type") && h.getValue().contains("json"));
                if (json || (rq.bodyExcerpt() != null && rq.bodyExcerpt().stripLeading().startsWith("{"))) {
                    return Optional.of(new Condition.Http.Request(rq.method(), URI.create(rq.url()).getRawPath(), r.headers(), r.body()));
                }
            }
            return Optional.of(new Condition.Http.Request(r.method(), "/", r.headers(), r.body()));
        }
        return Optional.of(r);
    }

    /** The probe budget of this run, for the report. */
    Report.ProbeBudget probeBudget() {
        return new Report.ProbeBudget(probes.size(), MAX_PROBES, PROBE_TIMEOUT.toMillis(), new HashSet<>(notSent).size());
    }

    int probesSent() {
        return probes.size();
    }

    // ---------------------------------------------------------------- runtime

    /** The container's listening sockets, read once per run (every rule sees the same table). */
    Optional<SocketTable.Reading> listening() {
        return runtime.listening();
    }

    int declaredPort() {
        return target == null ? 0 : target.declaredPort();
    }

    /** The app's main process ({@link RuntimeReads#mainProcess}). */
    Optional<ProcessInfo> mainProcess() {
        return runtime.mainProcess();
    }

    /** The environment the container ran with: image Env plus the spec's target.env. */
    Optional<Map<String, String>> env() {
        return container().map(c -> {
            Map<String, String> env = new LinkedHashMap<>();
            for (String kv : c.env()) {
                int eq = kv.indexOf('=');
                if (eq > 0) env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return env;
        });
    }

    /** The container's memory limit in bytes; empty when none was set. */
    Optional<Long> memoryLimit() {
        return container().map(ContainerEvidence.StartedWith::memoryLimit);
    }

    Optional<Boolean> oomKilled() {
        if (target != null && target.exited().isPresent()) return Optional.of(target.exited().get().oomKilled());
        if (!hasContainer()) return Optional.empty();
        return Optional.of(false);
    }
}
