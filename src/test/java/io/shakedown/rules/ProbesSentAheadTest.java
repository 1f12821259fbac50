package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.report.Report;
import io.shakedown.spec.ValidationSpec.RulesSpec;
import io.shakedown.target.ContainerEvidence;
import io.shakedown.target.LogBuffer;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.SocketTable;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules' probes sent ahead, several at once ({@link ProbeForecast}): against a server playing an app, the same
 * requests reach it, the same findings, framework and probe budget come out as when each probe is sent on its own when
 * a rule asks (parallelism 1, as before), including when the budget runs out; and they are in flight together. The
 * runtime reads (sockets, docker top) are read once per run. The engine's side on real containers: EngineBehaviourTest.
 */
class ProbesSentAheadTest {
    record Answer(int status, Map<String, String> headers, String body) {}

    static HttpServer server;
    static HttpClient client;
    static volatile Function<String, Answer> app = r -> new Answer(404, Map.of("Content-Type", "application/json"), "{\"error\":\"not found\"}");
    static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    static final AtomicInteger MOST_IN_FLIGHT = new AtomicInteger();
    static volatile long delayMs;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // an app serving requests concurrently
        server.createContext("/", x -> {
            MOST_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
            try {
                String request = x.getRequestMethod() + " " + x.getRequestURI().getPath();
                SEEN.add(request + " " + x.getRequestHeaders().entrySet().stream()
                        .filter(h -> List.of("Accept", "Origin", "Content-type").contains(h.getKey()))
                        .map(h -> h.getKey() + "=" + h.getValue()).sorted().toList());
                if (delayMs > 0) Thread.sleep(delayMs);
                Answer a = app.apply(request);
                byte[] body = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
                a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
                x.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) x.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                IN_FLIGHT.decrementAndGet();
                x.close();
            }
        });
        server.start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** What one evaluation gave and sent: the requests the app saw (sorted: sent ahead, they arrive in any order). */
    record Run(List<String> requests, List<String> findings, Report.FrameworkReport framework, int probesSent) {}

    static Run run(RuleSet rules, int parallelism, String log, Function<String, Answer> answers) {
        return run(rules, parallelism, log, answers, null);
    }

    /** {@code container}: the image and runtime side (null: none, as for a URL target). */
    static Run run(RuleSet rules, int parallelism, String log, Function<String, Answer> answers, ContainerEvidence container) {
        app = answers;
        SEEN.clear();
        var target = ConditionLogicTest.target(log, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        var inputs = new RuleInputs(new ImageReads(container), target, true, List.of(), client, parallelism);
        var outcome = new RuleEngine(rules).evaluate(inputs, RulesSpec.DEFAULT);
        assertEquals(java.util.Set.of(), inputs.sentAheadUnasked(), "every probe sent ahead is one the evaluation asked for");
        return new Run(SEEN.stream().sorted().toList(),
                outcome.findings().stream().map(f -> f.ruleId() + ": " + f.message() + " " + f.evidence()).toList(),
                outcome.framework(), outcome.probesSent());
    }

    static Answer json(int status, String body) {
        return new Answer(status, Map.of("Content-Type", "application/json"), body);
    }

    static final String JAVA_TRACE = "{\"trace\":\"java.lang.IllegalStateException: boom\\n\\tat com.acme.Shop.order(Shop.java:42)\\n"
            + "\\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)\"}";

    @Test
    void theBuiltInRulesSendTheSameProbesAndFindTheSameAsOneByOne() {
        Map<String, Function<String, Answer>> apps = Map.of(
                "a JSON 404 everywhere (hello-api)", r -> json(404, "{\"error\":\"not found\"}"),
                "Express with a stack trace page", r -> r.equals("GET /") ? new Answer(200, Map.of("X-Powered-By", "Express"), "hi")
                        : new Answer(404, Map.of("Content-Type", "text/html"), "<pre>Error: nope<br> &nbsp;at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)</pre>"),
                "an open actuator, masked", r -> switch (r) {
                    case "GET /actuator" -> json(200, ActuatorRulesTest.LINKS);
                    case "GET /actuator/env" -> json(200, JsonValuesTest.ENV_MASKED);
                    case "OPTIONS /actuator/heapdump", "OPTIONS /actuator/loggers/ROOT" -> new Answer(200, Map.of("Allow", "GET,HEAD,POST,OPTIONS"), null);
                    default -> json(404, "{\"status\":404}");
                },
                "OPTIONS answered everywhere", r -> r.startsWith("OPTIONS") ? new Answer(204, Map.of("Allow", "GET,POST,OPTIONS"), null) : json(500, JAVA_TRACE));
        apps.forEach((name, answers) -> {
            for (String log : List.of("listening on 8080\n", ":: Spring Boot ::                (v3.5.7)\n")) {
                Run oneByOne = run(RuleSet.builtIn(), 1, log, answers);
                Run ahead = run(RuleSet.builtIn(), 4, log, answers);
                assertEquals(oneByOne, ahead, name + ", log " + log.strip());
                assertTrue(ahead.probesSent() > 5, name + ": the built-in packs probe: " + ahead);
            }
        });
    }

    /**
     * A pack whose probes outnumber the budget, chained in {@code all} (a part after a failing probe is never sent), in
     * {@code any} and {@code not}, with a framework recognised by a probe: the same probes, the same ones left unsent.
     */
    @Test
    void whenTheBudgetRunsOutTheSameProbesAreSentAndTheSameLeftOut(@TempDir Path dir) throws Exception {
        StringBuilder pack = new StringBuilder("""
                pack: widgets
                description: many probes
                frameworks:
                  - id: widget
                    name: Widget
                    detect:
                      http: { request: { path: /widget-version }, headers: { X-Widget: '(?<version>[0-9.]+)' } }
                rules:
                """);
        IntStream.range(0, 16).forEach(i -> pack.append("""
                  - id: widget-%1$d
                    title: widget %1$d
                    severity: warning
                    frameworks: [%2$s]
                    when:
                      %3$s
                    message: widget %1$d
                    fix: none
                    references: [https://example.com/widget]
                """.formatted(i, i % 3 == 0 ? "widget" : "any", switch (i % 4) {
                    case 0 -> "all: [ { http: { request: { path: /p%d }, status: 200 } }, { http: { request: { path: /q%d }, status: 200 } } ]".formatted(i, i);
                    case 1 -> "any: [ { http: { request: { path: /p%d }, status: 200 } }, { not: { http: { request: { path: /q%d }, status: 404 } } } ]".formatted(i, i);
                    case 2 -> "all: [ { log: 'listening' }, { http: { request: { path: /p%d }, status: 200 } }, { http: { request: { path: /q%d }, status: 200 } } ]".formatted(i, i);
                    default -> "all: [ { not: { http: { request: { path: /p%d }, status: 200 } } }, { http: { request: { path: /q%d }, status: 2.. } } ]".formatted(i, i);
                })));
        Files.writeString(dir.resolve("widgets.yaml"), pack.toString());
        RuleSet rules = RuleSet.load(List.of(dir));
        Function<String, Answer> answers = r -> {
            if (r.equals("GET /widget-version")) return new Answer(200, Map.of("X-Widget", "2.1"), "widget");
            if (r.startsWith("GET /p") && Integer.parseInt(r.substring(6)) % 3 == 0) return json(200, "{}");
            if (r.startsWith("GET /q")) return json(Integer.parseInt(r.substring(6)) % 5 == 0 ? 404 : 200, "{}");
            return json(404, "{}");
        };
        Run oneByOne = run(rules, 1, "listening on 8080\n", answers);
        Run ahead = run(rules, 6, "listening on 8080\n", answers);
        assertEquals(oneByOne, ahead);
        assertEquals(RuleInputs.MAX_PROBES, ahead.probesSent());
        assertTrue(ahead.framework().probes().notSent() > 0, "the budget ran out: " + ahead.framework().probes());
        assertTrue(ahead.framework().detected().stream().anyMatch(d -> d.id().equals("widget") && "2.1".equals(d.version())), ahead.toString());
    }

    @Test
    void probesAreInFlightTogetherUpToTheSpecsParallelism() {
        delayMs = 40; // each answer takes a while, as a real app's would: probes sent one by one never overlap
        try {
            MOST_IN_FLIGHT.set(0);
            run(RuleSet.builtIn(), 1, "listening on 8080\n", r -> json(404, "{}"));
            assertEquals(1, MOST_IN_FLIGHT.get(), "parallelism 1: one at a time, each when a rule asks");
            MOST_IN_FLIGHT.set(0);
            run(RuleSet.builtIn(), 4, "listening on 8080\n", r -> json(404, "{}"));
            assertTrue(MOST_IN_FLIGHT.get() > 1 && MOST_IN_FLIGHT.get() <= 4, "in flight at once: " + MOST_IN_FLIGHT.get());
        } finally {
            delayMs = 0;
        }
    }

    /**
     * docker top is slow (here: it answers once the app got a probe, or after 2 s): the probes that do not depend on
     * the main process go out while it is read, and what depends on it (Express recognised by its process) follows.
     */
    @Test
    void probesGoOutWhileTheMainProcessIsStillBeingRead() {
        var probedBeforeTopAnswered = new java.util.concurrent.atomic.AtomicBoolean();
        ContainerEvidence slowTop = new NodeContainer() {
            @Override
            public Optional<Processes> processes() {
                for (int i = 0; i < 200 && SEEN.isEmpty(); i++) sleep(10);
                probedBeforeTopAnswered.compareAndSet(false, !SEEN.isEmpty());
                return super.processes();
            }
        };
        Function<String, Answer> express = r -> r.equals("GET /") ? new Answer(200, Map.of("X-Powered-By", "Express"), "hi")
                : new Answer(404, Map.of("Content-Type", "text/html"), "<pre>Error: nope<br> &nbsp;at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)</pre>");
        Run ahead = run(RuleSet.builtIn(), 4, "listening on 8080\n", express, slowTop);
        assertTrue(probedBeforeTopAnswered.get(), "a probe reached the app while docker top was read");
        assertEquals(run(RuleSet.builtIn(), 1, "listening on 8080\n", express, new NodeContainer()), ahead);
        assertTrue(ahead.findings().stream().anyMatch(f -> f.startsWith("express-stack-trace-leak")), ahead.toString());
    }

    /** Likewise an image folder the rules stage reads itself (whether /deployments/quarkus-run.jar exists, for Quarkus). */
    @Test
    void probesGoOutWhileAnImageFolderIsStillBeingRead() {
        var probedBeforeReadAnswered = new java.util.concurrent.atomic.AtomicBoolean();
        var slowRead = new NodeContainer() {
            @Override
            public Optional<List<FileEntry>> files(String folder, boolean firstEntryOnly, long maxFile, long maxTotal) {
                if (folder.equals("/deployments/quarkus-run.jar")) {
                    for (int i = 0; i < 200 && SEEN.isEmpty(); i++) sleep(10);
                    probedBeforeReadAnswered.compareAndSet(false, !SEEN.isEmpty());
                }
                return super.files(folder, firstEntryOnly, maxFile, maxTotal);
            }
        };
        Run ahead = run(RuleSet.builtIn(), 4, "listening on 8080\n", r -> json(404, "{}"), slowRead);
        assertTrue(probedBeforeReadAnswered.get(), "a probe reached the app while the image was read");
        assertEquals(run(RuleSet.builtIn(), 1, "listening on 8080\n", r -> json(404, "{}"), new NodeContainer()), ahead);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A container running {@code node server.js} from /app, with nothing in its files. */
    static class NodeContainer implements ContainerEvidence {
        public Optional<ImageConfig> image() {
            return Optional.of(new ImageConfig("node", List.of("node", "server.js"), List.of(), List.of(), Map.of(), List.of("8080/tcp"), List.of(), "/app"));
        }

        public Optional<StartedWith> startedWith() {
            return Optional.of(new StartedWith("node", List.of("server.js"), "node", List.of(), null));
        }

        public Optional<List<FileEntry>> files(String folder, boolean firstEntryOnly, long maxFile, long maxTotal) {
            return Optional.of(List.of());
        }

        public Optional<Processes> processes() {
            return Optional.of(new Processes(List.of("UID", "PID", "PPID", "CMD"), List.of(List.of("node", "10", "1", "node server.js"))));
        }
    }

    /** Every rule reading the sockets or the main process sees one reading of each, read once per run. */
    @Test
    void theSocketTableAndTheProcessesAreReadOncePerRun() {
        var sockets = new AtomicInteger();
        var top = new AtomicInteger();
        var base = ConditionLogicTest.target("listening on 8080\n");
        RunningTarget target = new RunningTarget() {
            public URI baseUrl() { return base.baseUrl(); }
            public Report.TargetInfo info() { return base.info(); }
            public LogBuffer log() { return base.log(); }
            public int declaredPort() { return 8080; }
            public void close() { }

            @Override
            public Optional<SocketTable.Reading> listeningSockets() {
                sockets.incrementAndGet();
                return Optional.of(new SocketTable.Reading(List.of(new Report.Socket("tcp", "127.0.0.1", 8080)), "test"));
            }
        };
        ContainerEvidence container = new ContainerEvidence() {
            public Optional<ImageConfig> image() {
                return Optional.of(new ImageConfig("", List.of("node", "server.js"), List.of(), List.of(), Map.of(), List.of("8080/tcp"), List.of(), "/app"));
            }
            public Optional<StartedWith> startedWith() {
                return Optional.of(new StartedWith("node", List.of("server.js"), "", List.of(), null));
            }
            public Optional<List<FileEntry>> files(String folder, boolean firstEntryOnly, long maxFile, long maxTotal) { return Optional.of(List.of()); }

            @Override
            public Optional<Processes> processes() {
                top.incrementAndGet();
                return Optional.of(new Processes(List.of("UID", "PID", "PPID", "CMD"), List.of(List.of("root", "10", "1", "node server.js"))));
            }
        };
        var inputs = new RuleInputs(new ImageReads(container), target, false, List.of(), null, 4);
        var found = new RuleEngine(RuleSet.builtIn()).evaluate(inputs, RulesSpec.DEFAULT).findings().stream()
                .map(Report.Finding::ruleId).collect(Collectors.toSet());
        assertTrue(found.contains("app-listens-loopback") && found.contains("node-listen-localhost"), "both read the sockets: " + found);
        assertEquals(1, sockets.get(), "one socket table for every rule");
        assertEquals(1, top.get(), "one docker top");
    }
}
