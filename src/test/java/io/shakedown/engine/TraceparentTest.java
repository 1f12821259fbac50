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
import java.util.stream.Collectors;
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

    record Seen(String path, List<String> traceparents, String userAgent) {
        Seen(String path, List<String> traceparents) {
            this(path, traceparents, "");
        }

        boolean fromChromium() {
            return userAgent.contains("HeadlessChrome");
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final List<Seen> thirdPartySeen = new CopyOnWriteArrayList<>();
    HttpServer app;
    HttpServer thirdParty;

    @BeforeEach
    void start() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        thirdParty = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        thirdParty.createContext("/", ex -> {
            thirdPartySeen.add(new Seen(ex.getRequestURI().getPath(), ex.getRequestHeaders().getOrDefault("traceparent", List.of()),
                    ex.getRequestHeaders().getFirst("User-Agent")));
            byte[] b = "/* widget */".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/javascript");
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        thirdParty.start();
        app.createContext("/", ex -> {
            seen.add(new Seen(ex.getRequestURI().getPath(), ex.getRequestHeaders().getOrDefault("traceparent", List.of()),
                    String.valueOf(ex.getRequestHeaders().getFirst("User-Agent"))));
            boolean html = ex.getRequestURI().getPath().equals("/");
            // the page loads a script of its own, fetches its config once loaded (as SPAs do), and a third party's widget
            String page = "<html><body><h1>shop</h1><script src=\"/app.js\"></script>"
                    + "<script src=\"http://localhost:" + thirdParty.getAddress().getPort() + "/widget.js\"></script>"
                    + "<script>addEventListener('load', function () { fetch('/api/config'); });</script></body></html>";
            boolean script = ex.getRequestURI().getPath().endsWith(".js");
            byte[] b = (html ? page : script ? "window.app = 1;" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", html ? "text/html" : script ? "text/javascript" : "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        app.start();
    }

    @AfterEach
    void stop() {
        app.stop(0);
        thirdParty.stop(0);
    }

    Report run(String extra) throws Exception {
        return run(extra, "browser: false   # Chromium's own requests: see theBrowsersRequestsToTheAppCarryThePagesTrace");
    }

    Report run(String extra, String browser) throws Exception {
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
                %s
                %s
                """.formatted(app.getAddress().getPort(), browser, extra);
        try (var engine = new ValidationEngine(EngineSettings.defaults())) {
            return engine.run(new SpecParser().parse(spec), new RunContext(UUID.randomUUID().toString(), e -> {}, new Cancellation()));
        }
    }

    @Test
    void everyRequestCarriesATraceparentOfItsOwnAndTheReportShowsItsTraceId() throws Exception {
        Report report = run("settings: { traceLink: \"https://jaeger.example/trace/{traceId}\" }");
        assertEquals(Verdict.PASSED, report.verdict(), report.summary());
        assertTrue(seen.stream().noneMatch(Seen::fromChromium), "no browser in this run");
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

    @Test
    void theBrowsersRequestsToTheAppCarryThePagesTraceAndOtherOriginsGetNone() throws Exception {
        Report report = run("settings: { traceLink: \"https://jaeger.example/trace/{traceId}\" }", "browser: { pages: [/] }");
        assertEquals(Verdict.PASSED, report.verdict(), report.summary());
        var page = report.browser().pages().getFirst();
        assertTrue(page.traceId() != null && page.traceId().matches("[0-9a-f]{32}"), page.toString());
        assertEquals("https://jaeger.example/trace/" + page.traceId(), page.traceUrl());
        var fromBrowser = seen.stream().filter(Seen::fromChromium).toList();
        var paths = fromBrowser.stream().map(Seen::path).collect(Collectors.toSet());
        assertTrue(paths.containsAll(List.of("/", "/app.js", "/api/config")), "the document, its script and the fetch after load: " + fromBrowser);
        var parents = new HashSet<String>();
        for (Seen s : fromBrowser) {
            assertEquals(1, s.traceparents().size(), "one traceparent on the browser's " + s.path() + ": " + fromBrowser);
            var m = TRACEPARENT.matcher(s.traceparents().getFirst());
            assertTrue(m.matches(), s.traceparents().getFirst());
            assertEquals(page.traceId(), m.group(1), "every request of the page load is in the page's trace");
            parents.add(s.traceparents().getFirst());
        }
        assertEquals(fromBrowser.size(), parents.size(), "each request a parent id of its own");
        assertTrue(thirdPartySeen.stream().anyMatch(Seen::fromChromium), "the page did load the third party's widget: " + thirdPartySeen);
        assertTrue(thirdPartySeen.stream().allMatch(s -> s.traceparents().isEmpty()), "another origin gets no traceparent: " + thirdPartySeen);
        assertTrue(ReportFormat.HTML.render(report, ReportFormat.RenderOptions.none()).contains("trace id: " + page.traceId()), "the report shows it");
    }
}
