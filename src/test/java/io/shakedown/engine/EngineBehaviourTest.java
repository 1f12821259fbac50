package io.shakedown.engine;

import io.shakedown.run.RunListener;
import io.shakedown.run.RunContext;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.Cancellation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.sun.net.httpserver.HttpServer;
import io.shakedown.perf.PerfSettings;
import io.shakedown.report.Report;
import io.shakedown.rules.RuleSet;
import io.shakedown.target.DockerRuntime;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicReference;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import io.shakedown.target.DockerClients;
import io.shakedown.target.Labels;
import io.shakedown.target.SocketSources;
import io.shakedown.target.SocketTable;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Engine behaviour beyond the examples: URL targets, every assertion kind, cancellation, and the shell-less socket path. */
class EngineBehaviourTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("engine-test");
    static final EngineSettings SETTINGS = DOCKER.settings();
    static HttpServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        // A real HTTP server on loopback stands in for a deployed staging app.
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/api/items", ex -> respond(ex, 200, "application/json; charset=utf-8",
                "{\"items\":[{\"id\":1,\"name\":\"hammer\",\"price\":9.5},{\"id\":2,\"name\":\"saw\",\"price\":12}],\"total\":2}"));
        server.createContext("/api/echo", ex -> respond(ex, 201, "application/json",
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.createContext("/broken", ex -> respond(ex, 500, "text/plain", "java.lang.NullPointerException at Foo.bar"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    static Report run(String yaml) throws Exception {
        return DOCKER.run(yaml);
    }

    @Test
    void urlTargetWithEveryAssertionKind() throws Exception {
        Report r = run("""
                app: staging-smoke
                target: { url: "%s" }
                readiness: { http: { path: /health } }
                checks:
                  - name: items
                    request: { path: /api/items, query: { page: "1" } }
                    expect:
                      status: [200, 204]
                      headers: { Content-Type: "application/json.*" }
                      json:
                        "$.items": { minSize: 2, maxSize: 2 }
                        "$.items[0].id": { type: integer, equals: 1 }
                        "$.items[0].price": { type: number }
                        "$.items[1].name": { matches: "^s" }
                        "$.total": 2
                        "$.missing": { exists: false }
                      body: { contains: hammer, matches: "\\\\d+\\\\.5" }
                      maxDuration: 2s
                  - name: echo json
                    request: { method: POST, path: /api/echo, json: { hello: world } }
                    expect: { status: 2xx, json: { "$.hello": world } }
                """.formatted(base));
        assertEquals(Verdict.PASSED, r.verdict(), () -> r.summary() + " " + r.checks());
        assertEquals("url", r.target().kind());
        assertEquals(List.of(StageStatus.SKIPPED, StageStatus.SKIPPED, StageStatus.SKIPPED),
                r.stages().stream().filter(s -> List.of("image", "create", "start").contains(s.name())).map(Report.Stage::status).toList());
    }

    @Test
    void failedAssertionsCarryExpectedAndActual() throws Exception {
        Report r = run("""
                app: staging-smoke
                target: { url: "%s" }
                checks:
                  - name: broken endpoint
                    request: { path: /broken }
                    expect: { status: 200, json: { "$.id": { exists: true } } }
                  - name: wrong count
                    request: { path: /api/items }
                    expect: { json: { "$.items": { minSize: 5 }, "$.items[0].name": { equals: drill } } }
                """.formatted(base));
        assertEquals(Verdict.FAILED, r.verdict());
        assertTrue(r.summary().startsWith("2 of 2 check(s) failed"), r.summary());
        var broken = r.checks().getFirst();
        assertEquals(500, broken.response().status());
        assertTrue(broken.failure().contains("status: expected 200, got 500"), broken.failure());
        assertTrue(broken.failure().contains("json body: expected a JSON document"), broken.failure());
        assertTrue(broken.response().bodyExcerpt().contains("NullPointerException"));
        var count = r.checks().get(1);
        assertTrue(count.failure().contains("json $.items minSize: expected 5, got size 2"), count.failure());
        assertTrue(count.failure().contains("json $.items[0].name equals: expected \"drill\", got \"hammer\""), count.failure());
    }

    @Test
    void unreachableUrlIsDiagnosed() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Report r = run("""
                app: staging-smoke
                target: { url: "http://127.0.0.1:%d", startupTimeout: 1s }
                readiness: { http: { path: /health } }
                """.formatted(closedPort));
        assertEquals(Verdict.FAILED, r.verdict());
        assertEquals("UNREACHABLE", r.readiness().diagnosis().kind().name());
        assertTrue(r.readiness().diagnosis().summary().contains("connection refused"), r.readiness().diagnosis().summary());
    }

    /** An engine with a stage that hands the test the run, {@code offset} places from the stage named {@code at} (0: just before it). */
    static ValidationEngine withSpy(String at, int offset, java.util.function.Consumer<RunState> sees) {
        Stage spy = new Stage() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public Result execute(RunState run) {
                sees.accept(run);
                return Result.passed(null);
            }
        };
        return new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(SETTINGS), stages -> {
            var arranged = new ArrayList<>(stages);
            arranged.add(arranged.indexOf(arranged.stream().filter(s -> s.name().equals(at)).findFirst().orElseThrow()) + offset, spy);
            return arranged;
        });
    }

    @Test
    void cancelStopsTheContainerAndEndsCancelled() throws Exception {
        ExampleImages.ensureBuilt();
        var cancellation = new Cancellation();
        var spec = new SpecParser().parse("""
                app: cancel-me
                target: { image: "shakedown-example/still-starting:1.0", port: 8080, startupTimeout: 60s }
                readiness: { http: { path: /health } }
                """);
        // a stage right after start hands the test the run: its rules' image reads, begun when the app started; the
        // cancel comes once the app has started (waiting a fixed time instead cancelled a loaded machine's run before it)
        var seen = new AtomicReference<RunState>();
        var started = new java.util.concurrent.CountDownLatch(1);
        try (var engine = withSpy("start", 1, run -> {
            seen.set(run);
            started.countDown();
        })) {
            var report = CompletableFuture.supplyAsync(() -> engine.run(spec, new RunContext("cancel-" + UUID.randomUUID(), RunListener.NONE, cancellation)));
            assertTrue(started.await(60, TimeUnit.SECONDS), "the app's container started");
            Thread.sleep(300); // into readiness (the app never becomes ready)
            long t0 = System.nanoTime();
            cancellation.cancel();
            Report r = report.get(20, TimeUnit.SECONDS);
            assertEquals(Verdict.CANCELLED, r.verdict(), r.summary());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 10_000, "cancel ends the run promptly");
            // the run ended during readiness, before the rules stage: its background reads were stopped, none goes on
            assertNotNull(seen.get().imageReads, "the rules' image reads began when the app started");
            assertFalse(seen.get().imageReads.running(), "no read of the run's container goes on after its report");
        }
        try (var docker = new DockerClients(SETTINGS)) {
            assertEquals(0, docker.api.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.INSTALLATION, SETTINGS.installationId())).exec().size());
        }
    }

    /**
     * The rules' read of the app's main process begins as soon as readiness passes, so it is read while the checks
     * run; the rules stage then uses that very reading (the framework is recognised from the main process,
     * read from the host's /proc: the tests run on the Docker host).
     */
    @Test
    void theRulesRuntimeReadsBeginWhenReadinessPasses() throws Exception {
        ExampleImages.ensureBuilt();
        var spec = new SpecParser().parse("""
                app: runtime-reads
                target: { image: "shakedown-example/hello-api:1.0", port: 8080, startupTimeout: 30s }
                readiness: { http: { path: /health } }
                checks:
                  - name: items
                    request: { path: /api/items }
                    expect: { status: 200 }
                """);
        var begunBeforeChecks = new AtomicReference<Boolean>();
        try (var engine = withSpy("checks", 0, run -> begunBeforeChecks.set(run.runtimeReads != null && run.runtimeReads.begun()))) {
            Report r = engine.run(spec, new RunContext("runtime-reads-" + UUID.randomUUID(), RunListener.NONE, new Cancellation()));
            assertEquals(Verdict.PASSED, r.verdict(), r.summary());
            assertEquals(Boolean.TRUE, begunBeforeChecks.get(), "the main process was read, or being read, before the checks");
            assertTrue(r.framework().summary().contains("(/proc on the host)"), "the rules used the process read early, from the host's /proc: " + r.framework().summary());
        }
    }

    /**
     * The one-shot command hands the engine its built-in rule packs unloaded: they are loaded once, on a thread of
     * their own, after the app's container exists (while Docker starts it) — not before the run's own first steps —
     * and the rules stage judges with them.
     */
    @Test
    void pendingRulePacksAreLoadedOnceTheContainerExists() throws Exception {
        ExampleImages.ensureBuilt();
        String runId = "pending-rules-" + UUID.randomUUID();
        var spec = new SpecParser().parse("""
                app: pending-rules
                target: { image: "shakedown-example/hello-api:1.0", port: 8080, startupTimeout: 30s }
                readiness: { http: { path: /health } }
                """);
        var loads = new java.util.concurrent.atomic.AtomicInteger();
        var loadedOn = new AtomicReference<String>();
        var containersAtLoad = new AtomicReference<Integer>();
        var rules = io.shakedown.rules.PendingRuleSet.loading(() -> {
            loads.incrementAndGet();
            loadedOn.set(Thread.currentThread().getName());
            try (var docker = new DockerClients(SETTINGS)) {
                containersAtLoad.set(docker.api.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.RUN_ID, runId)).exec().size());
            }
            return RuleSet.builtIn();
        });
        try (var engine = new ValidationEngine(SETTINGS, rules, PerfSettings.defaults())) {
            Report r = engine.run(spec, new RunContext(runId, RunListener.NONE, new Cancellation()));
            assertEquals(Verdict.PASSED, r.verdict(), r.summary());
            assertTrue(r.framework().summary().startsWith("JVM"), "the rules judged with the loaded packs: " + r.framework().summary());
            assertTrue(r.findings().stream().anyMatch(f -> f.ruleId().equals("image-no-healthcheck")), r.findings().toString());
        }
        assertEquals(1, loads.get(), "loaded once");
        assertEquals("rule-packs", loadedOn.get());
        assertEquals(1, containersAtLoad.get(), "loaded once the app's container was created, not before");
    }

    @Test
    void containerRemovedBySomeoneElseIsAnErrorNotAFailure() throws Exception {
        ExampleImages.ensureBuilt();
        String runId = "removed-" + UUID.randomUUID();
        var spec = new SpecParser().parse("""
                app: removed
                target: { image: "shakedown-example/still-starting:1.0", port: 8080, startupTimeout: 60s }
                readiness: { http: { path: /health } }
                """);
        var report = CompletableFuture.supplyAsync(() -> DOCKER.engine().run(spec, new RunContext(runId, RunListener.NONE, new Cancellation())));
        try (var docker = new DockerClients(SETTINGS)) {
            java.util.List<com.github.dockerjava.api.model.Container> found = java.util.List.of();
            for (int i = 0; i < 100 && found.isEmpty(); i++) {
                Thread.sleep(100);
                found = docker.api.listContainersCmd().withLabelFilter(Map.of(Labels.RUN_ID, runId)).exec();
            }
            docker.api.removeContainerCmd(found.getFirst().getId()).withForce(true).exec();
        }
        Report r = report.get(20, TimeUnit.SECONDS);
        assertEquals(Verdict.ERROR, r.verdict(), r.summary());
        assertEquals("CONTAINER_REMOVED", r.readiness().diagnosis().kind().name());
        assertTrue(r.summary().contains("removed outside this run"), r.summary());
    }

    @Test
    void helperContainerReadsSocketsOfAShellLessImage() throws Exception {
        ExampleImages.ensureBuilt();
        try (var docker = new DockerClients(SETTINGS)) {
            // The same socket table the host's /proc gives, read from inside the app's network namespace by a helper.
            ExposedPort port = ExposedPort.tcp(8080);
            Ports ports = new Ports();
            ports.bind(port, Ports.Binding.bindIp("127.0.0.1"));
            String id = docker.api.createContainerCmd("shakedown-example/binds-localhost:1.0")
                    .withLabels(Map.of(Labels.INSTALLATION, SETTINGS.installationId(), Labels.RUN_ID, "helper-test"))
                    .withExposedPorts(port).withHostConfig(HostConfig.newHostConfig().withInit(true).withPortBindings(ports)).exec().getId();
            try {
                docker.api.startContainerCmd(id).exec();
                Optional<SocketTable.Reading> reading = Optional.empty();
                for (int i = 0; i < 50 && (reading.isEmpty() || reading.get().listening().isEmpty()); i++) {
                    Thread.sleep(100);
                    reading = Optional.ofNullable(SocketSources.helper(docker, SETTINGS.diagnosisHelperImage(), SETTINGS.installationId(), id));
                }
                assertTrue(reading.isPresent(), "helper read the table");
                assertEquals(null, SocketSources.exec(docker, id), "the image has no cat: exec cannot read it");
                assertTrue(reading.get().source().contains("helper container"), reading.get().source());
                assertEquals("127.0.0.1:8080", reading.get().onPort(8080).getFirst().toString());
            } finally {
                docker.api.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }
}
