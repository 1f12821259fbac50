package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.Verdict;
import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.spec.SpecParser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request Shakedown sends carries a W3C traceparent of its own, seen by the app (a real HTTP server here, as a
 * URL target: readiness, checks, a flow, the asset stage and the rule probes all reach it), and the report shows each
 * check's and step's trace id, linked when the spec says where traces are seen.
 */
class TraceparentTest {
    static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-01");

    record Seen(String path, List<String> traceparents) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer app;

    @BeforeEach
    void start() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        app.createContext("/", ex -> {
            seen.add(new Seen(ex.getRequestURI().getPath(), ex.getRequestHeaders().getOrDefault("traceparent", List.of())));
            boolean html = ex.getRequestURI().getPath().equals("/");
            byte[] b = (html ? "<html><body><h1>shop</h1><script src=\"/app.js\"></script></body></html>" : "{\"ok\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", html ? "text/html" : "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        app.start();
    }

    @AfterEach
    void stop() {
        app.stop(0);
    }

    Report run(String extra) throws Exception {
        String spec = """
                app: traced
                target: { url: "http://127.0.0.1:%d" }
                readiness: { http: { path: /health } }
                checks:
                  - name: home
                    request: { path: / }
                  - name: items
                    request: { path: /api/items }
                flows:
                  - name: browse
                    steps:
                      - request: { path: /api/items/1 }
                browser: false   # Chromium's own requests are the browser's, not sent through Shakedown's HTTP client
                %s
                """.formatted(app.getAddress().getPort(), extra);
        try (var engine = new ValidationEngine(EngineSettings.defaults())) {
            return engine.run(new SpecParser().parse(spec), new RunContext(UUID.randomUUID().toString(), e -> {}, new Cancellation()));
        }
    }

    @Test
    void everyRequestCarriesATraceparentOfItsOwnAndTheReportShowsItsTraceId() throws Exception {
        Report report = run("settings: { traceLink: \"https://jaeger.example/trace/{traceId}\" }");
        assertEquals(Verdict.PASSED, report.verdict(), report.summary());
        assertTrue(seen.size() >= 5, "readiness, two checks, a step, an asset and rule probes: " + seen);
        var traceIds = new HashSet<String>();
        for (Seen s : seen) {
            assertEquals(1, s.traceparents().size(), "one traceparent on " + s.path());
            var m = TRACEPARENT.matcher(s.traceparents().getFirst());
            assertTrue(m.matches(), s.traceparents().getFirst());
            traceIds.add(m.group(1));
        }
        assertEquals(seen.size(), traceIds.size(), "a trace of its own for every request");
        assertTrue(seen.stream().anyMatch(s -> s.path().equals("/app.js")), "the asset stage's requests too: " + seen);

        Report.RequestEvidence items = report.checks().stream().filter(c -> c.name().equals("items")).findFirst().orElseThrow().request();
        assertTrue(traceIds.contains(items.traceId()), "the report's trace id is the one the app saw: " + items);
        assertEquals("https://jaeger.example/trace/" + items.traceId(), items.traceUrl());
        var step = report.flows().getFirst().steps().getFirst().request();
        assertTrue(traceIds.contains(step.traceId()));
        assertTrue(ReportFormat.MARKDOWN.render(report, ReportFormat.RenderOptions.none()).contains(step.traceId())
                || ReportFormat.HTML.render(report, ReportFormat.RenderOptions.none()).contains(step.traceId()), "a format shows it");
    }

    @Test
    void aSpecsOwnTraceparentReplacesShakedownsAndNoLinkWithoutATemplate() throws Exception {
        String mine = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Report report;
        String spec = """
                app: traced
                target: { url: "http://127.0.0.1:%d" }
                readiness: { http: { path: /health } }
                checks:
                  - name: items
                    request: { path: /api/items, headers: { traceparent: "%s" } }
                """.formatted(app.getAddress().getPort(), mine);
        try (var engine = new ValidationEngine(EngineSettings.defaults())) {
            report = engine.run(new SpecParser().parse(spec), new RunContext(UUID.randomUUID().toString(), e -> {}, new Cancellation()));
        }
        var items = report.checks().getFirst().request();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", items.traceId());
        assertNull(items.traceUrl());
        assertTrue(seen.stream().filter(s -> s.path().equals("/api/items")).allMatch(s -> s.traceparents().equals(List.of(mine))), seen.toString());
        assertFalse(seen.stream().filter(s -> !s.path().equals("/api/items")).anyMatch(s -> s.traceparents().contains(mine)));
    }
}
