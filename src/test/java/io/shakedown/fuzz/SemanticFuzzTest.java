package io.shakedown.fuzz;

import io.shakedown.run.EngineSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.SafeText;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.support.ExampleImages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Semantic fuzzer: mutations of a valid spec that stay valid (headers, paths, queries, bodies, JSONPath, regexes,
 * templates, durations at their limits) run through the real engine against one real container (hello-api, started
 * once, validated as a URL target so no container is made per run). A mutation the spec reader refuses is fine (it is
 * counted); one it accepts must end PASSED or FAILED, never ERROR and never a stage ERROR or an internal error, and its
 * report must render in every format. Seeded, so a failure reproduces; {@value #RUNS} runs, well under a minute.
 */
class SemanticFuzzTest {
    static final int RUNS = 100;
    static final long SEED = Long.getLong("shakedown.fuzz.seed", 13L);
    static final ObjectMapper JSON = new ObjectMapper();
    static String containerId;
    static String url;
    static ValidationEngine engine;

    @BeforeAll
    static void start() throws Exception {
        ExampleImages.ensureBuilt();
        containerId = docker("run", "-d", "--rm", "--label", "shakedown-test=fuzz", "-p", "127.0.0.1::8080", "-e", "GREETING=hi",
                "shakedown-example/hello-api:1.0").strip();
        String mapping = docker("port", containerId, "8080/tcp").strip().split("\n")[0];
        url = "http://127.0.0.1:" + mapping.substring(mapping.lastIndexOf(':') + 1);
        engine = new ValidationEngine(EngineSettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) engine.close();
        if (containerId != null) docker("rm", "-f", containerId);
    }

    static String docker(String... args) throws Exception {
        var cmd = new ArrayList<String>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
        return out;
    }

    // ------------------------------------------------------------------ pools: valid, and at the edges

    static final List<String> PATHS = List.of("/api/items", "/", "/health", "/api/greeting", "/a/b/../c", "/%2F", "/%00", "/a;b=c",
            "/?", "/??x", "/a?x=1&x=2", "/" + "x".repeat(4000), "/${uuid}", "/~user/@me", "//double//slash", "/api/items?q=%E2%82%AC",
            "/no-such-thing", "/api/items/", "/.well-known/x", "/a%20b", "/${random.email}", "/${timestamp}");
    static final List<String> HEADER_NAMES = List.of("X-A", "Accept", "Authorization", "Date", "Origin", "Cookie", "X-Very-"
            + "Long".repeat(50), "If-None-Match", "Accept-Encoding", "Range", "X-Forwarded-For", "TE", "Trailer");
    static final List<String> HEADER_VALUES = List.of("", "x", "a\tb", "${uuid}", "$${literal}", "\"quoted\"", "v".repeat(8000),
            "gzip, deflate, br", "bytes=0-0", "bytes=999999-", "*", "application/json; charset=utf-8", "trailers", "W/\"etag\"",
            "Bearer ${random.password}", "{}[]();,/?:@&=+$#");
    static final List<Object> QUERY_VALUES = List.of("", "a b", "€", "&=?#", "x".repeat(3000), "${uuid}", "%", "\u00e9\u4e2d", "null");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final List<String> JSON_PATHS = List.of("$", "$..*", "$.items[*]", "$.items[?(@.id > 1)]", "$['weird key']", "$.items[-1]",
            "$.items.length()", "$.items[0].id", "$..id", "$.nope.deeper[3]", "$[0]", "$.greeting");
    static final List<String> REGEXES = List.of(".*", "^$", "(a+)+$", "(?i)JSON", "\\p{L}+", "[\\s\\S]{0,1000}", "(x|y|z)*q",
            "\\bhi\\b", "(?s).", "a{0,100000}");
    static final List<String> DURATIONS = List.of("1ms", "50ms", "500ms", "2s", "30s", "1m");
    static final List<Object> STATUSES = List.of(200, "2xx", "4xx", List.of(200, 404), 599, 100, "5xx", List.of("2xx", "3xx"));

    static <T> T pick(Random r, List<T> pool) {
        return pool.get(r.nextInt(pool.size()));
    }

    static Map<String, Object> mutatedSpec(Random r, int i) {
        Map<String, Object> request = new LinkedHashMap<>();
        String method = pick(r, METHODS);
        request.put("method", method);
        request.put("path", pick(r, PATHS));
        if (r.nextBoolean()) {
            Map<String, Object> headers = new LinkedHashMap<>();
            for (int h = r.nextInt(4); h >= 0; h--) headers.put(pick(r, HEADER_NAMES), pick(r, HEADER_VALUES));
            request.put("headers", headers);
        }
        if (r.nextInt(3) == 0) {
            Map<String, Object> query = new LinkedHashMap<>();
            for (int q = r.nextInt(3); q >= 0; q--) query.put(String.valueOf(pick(r, QUERY_VALUES)).replace("${uuid}", "k") + q, pick(r, QUERY_VALUES));
            request.put("query", query);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            switch (r.nextInt(4)) {
                case 0 -> request.put("body", pick(r, List.of("", "plain", "\u00e9\u4e2d\uD83D\uDE00", "x".repeat(100_000), "${uuid}")));
                case 1 -> request.put("json", deep(r.nextInt(50)));
                case 2 -> request.put("json", List.of(1e308, -0.0, Long.MAX_VALUE, "", Map.of("k", List.of())));
                default -> { }
            }
        }
        if (r.nextInt(4) == 0) request.put("timeout", pick(r, DURATIONS));
        Map<String, Object> expect = new LinkedHashMap<>();
        expect.put("status", pick(r, STATUSES));
        if (r.nextBoolean()) expect.put("json", Map.of(pick(r, JSON_PATHS), pick(r, List.<Object>of(
                Map.of("exists", r.nextBoolean()), Map.of("type", "array"), Map.of("minSize", 0, "maxSize", 1000),
                Map.of("matches", pick(r, REGEXES)), Map.of("equals", "${uuid}"), Map.of("equals", Map.of("a", List.of()))))));
        if (r.nextInt(3) == 0) expect.put("body", Map.of("matches", pick(r, REGEXES), "contains", pick(r, List.of("", "items", "${timestamp}"))));
        if (r.nextInt(3) == 0) expect.put("headers", Map.of(pick(r, List.of("Content-Type", "X-Nope", "content-length")), pick(r, REGEXES)));
        if (r.nextInt(4) == 0) expect.put("maxDuration", pick(r, DURATIONS));
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", "fuzz " + i);
        check.put("request", request);
        check.put("expect", expect);

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("app", "fuzz");
        spec.put("environment", "ci");
        // limits paired so no run waits long: a 1 ms readiness request can never succeed, so it gets the 1 s startup timeout
        String[] timeouts = pick(r, List.of(new String[] {"1s", "1ms"}, new String[] {"5s", "2s"}, new String[] {"5s", "30m"}));
        spec.put("target", Map.of("url", url, "startupTimeout", timeouts[0]));
        spec.put("readiness", r.nextBoolean() ? Map.of("http", Map.of("path", pick(r, List.of("/health", "/health?x=1", "/")),
                "timeout", timeouts[1])) : Map.of("port", Map.of()));
        spec.put("checks", List.of(check, Map.of("name", "items", "request", Map.of("path", "/api/items"))));
        if (r.nextInt(3) == 0) {
            // a flow capturing from one step into the next, with templates
            spec.put("flows", List.of(Map.of("name", "flow " + i, "steps", List.of(
                    Map.of("request", Map.of("path", "/api/items"), "capture", Map.of("first", Map.of("json", pick(r, List.of("$.items[0].id", "$..id", "$.items"))))),
                    Map.of("request", Map.of("path", "/api/items?id=${first}", "headers", Map.of("X-Prev", "${steps[0].response.status}")),
                            "expect", Map.of("status", "2xx"))))));
        }
        if (r.nextInt(6) == 0) spec.put("assets", r.nextBoolean() ? Boolean.FALSE : Map.of("pages", List.of(pick(r, List.of("/", "/api/items")))));
        return spec;
    }

    static Object deep(int depth) {
        Object v = "leaf";
        for (int d = 0; d < depth; d++) v = d % 2 == 0 ? Map.of("k", v) : List.of(v);
        return v;
    }

    @Test
    void noValidMutationEndsInAnInternalError() throws Exception {
        var random = new Random(SEED);
        var parser = new SpecParser();
        int refused = 0, passed = 0, failed = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            String text = JSON.writeValueAsString(mutatedSpec(random, i));
            ValidationSpec spec;
            try {
                spec = parser.parse(text);
            } catch (DocumentException e) {
                refused++;
                continue;
            }
            // a run that does not end is a finding too: each gets 60 s (the longest mutation needs ~10 s)
            var cancellation = new Cancellation();
            var run = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> engine.run(spec, new RunContext(UUID.randomUUID().toString(), e -> { }, cancellation)),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            Report r;
            try {
                r = run.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                cancellation.cancel();
                problems.add("mutation " + i + " (seed " + SEED + "): the run did not end within 60 s\n  spec: " + text);
                continue;
            }
            var stageErrors = r.stages().stream().filter(s -> s.status() == StageStatus.ERROR).map(s -> s.name() + ": " + s.message()).toList();
            if (r.verdict() == Verdict.ERROR || !stageErrors.isEmpty() || String.valueOf(r.summary()).contains("internal error")) {
                problems.add("mutation " + i + " (seed " + SEED + "): " + r.verdict() + " " + r.summary() + " " + stageErrors + "\n  spec: "
                        + (text.length() > 600 ? text.substring(0, 600) + "…" : text));
                continue;
            }
            if (r.verdict() == Verdict.PASSED) passed++; else failed++;
            for (ReportFormat f : ReportFormat.values()) {
                String out = f.render(r, new ReportFormat.RenderOptions("fuzz.yml", null));
                assertEquals(SafeText.clean(out), out, "mutation " + i + ": " + f + " holds characters a report cannot");
            }
        }
        System.out.printf("semantic fuzz: %d runs, %d refused by the spec reader, %d PASSED, %d FAILED, %d internal errors%n",
                RUNS, refused, passed, failed, problems.size());
        assertEquals(List.of(), problems);
        assertTrue(passed + failed > RUNS / 2, "most mutations stay valid (refused " + refused + ")");
    }
}
