package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.perf.PerfSettings;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.rules.RuleSet;
import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.spec.SpecParser;
import io.shakedown.target.DockerRuntime;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loop's guarantee: whatever a stage throws becomes that stage's ERROR and the run's, naming the stage and
 * the cause, and the report keeps everything the stages before it found. A URL target on a local HTTP server:
 * no Docker.
 */
class StageLoopTest {
    static HttpServer server;

    @BeforeAll
    static void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void a_stage_that_throws_ends_the_run_in_error_naming_the_stage_and_keeps_the_report() throws Exception {
        var spec = new SpecParser().parse("""
                app: loop
                target: { url: "http://127.0.0.1:%d", startupTimeout: 5s }
                readiness: { http: { path: / } }
                checks:
                  - { name: home, request: { path: / } }
                """.formatted(server.getAddress().getPort()));
        Stage boom = new Stage() {
            @Override
            public String name() {
                return "boom";
            }

            @Override
            public Result execute(RunState run) {
                throw new IllegalArgumentException("no port in http://x:");
            }
        };
        var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(EngineSettings.defaults()), stages -> {
            var arranged = new ArrayList<>(stages);
            arranged.add(arranged.indexOf(arranged.stream().filter(s -> s.name().equals("checks")).findFirst().orElseThrow()) + 1, boom);
            return arranged;
        });

        Report report = engine.run(spec, new RunContext("loop-1", e -> { }, new Cancellation()));

        assertEquals(Verdict.ERROR, report.verdict());
        assertEquals("Shakedown failed in the boom stage: no port in http://x:", report.summary());
        Map<String, StageStatus> stages = report.stages().stream()
                .collect(Collectors.toMap(Report.Stage::name, Report.Stage::status, (a, b) -> a));
        assertEquals(StageStatus.PASSED, stages.get("readiness"));
        assertEquals(StageStatus.PASSED, stages.get("checks"));
        assertEquals(StageStatus.ERROR, stages.get("boom"));
        assertEquals(List.of("image", "create", "start", "readiness", "checks", "boom", "cleanup"),
                report.stages().stream().map(Report.Stage::name).toList());
        assertNotNull(report.checks());
        assertEquals(StageStatus.PASSED, report.checks().getFirst().status());
        assertEquals("no port in http://x:", report.stages().get(5).message());
    }
}
