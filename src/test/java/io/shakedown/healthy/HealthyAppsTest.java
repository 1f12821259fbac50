package io.shakedown.healthy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.run.RunListener;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.FrameworkApps;
import io.shakedown.support.NoContainerLeftBehind;
import io.shakedown.report.ReportFormat;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No false FAIL: every healthy example and the real framework apps (Quarkus 3.33.2, Spring Boot 3.5.7, including a
 * variant that looks broken but is not) pass with zero error findings, with every heuristic on (rules and their probes, assets crawled by default, fast verdicts).
 * (perf-app is left out: its Gatling load costs ~30 s; PerformanceExamplesTest runs it. The healthy Flask, gunicorn and
 * Express images are in RulesOnImagesTest, which builds their Debian base.)
 */
class HealthyAppsTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("healthy-apps-test");

    @BeforeAll
    static void images() {
        FrameworkApps.ensureBuilt();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example:hello-api", "example:slow-start", "example:flow-api", "example:spa-app", "example:binary-files",
            "framework:quarkus", "framework:spring"})
    void passesWithNoErrorFinding(String app) throws Exception {
        var file = ExampleImages.example(app.substring(app.indexOf(':') + 1));
        var spec = app.startsWith("example:") ? new SpecParser().parse(Files.readString(file), SpecFiles.folder(file.getParent()))
                : new SpecParser().parse(FrameworkApps.spec(app.substring(10), "healthy", null));
        // flow-api's admin step needs its secret (the image holds its SHA-256)
        var secrets = app.equals("example:flow-api") ? java.util.Map.of("ADMIN_PASSWORD", "correct-horse-battery-staple") : java.util.Map.<String, String>of();
        Report r = DOCKER.run(spec, RunListener.NONE, secrets);
        assertEquals(Verdict.PASSED, r.verdict(), app + ": " + r.summary());
        var errors = r.findings() == null ? List.<String>of()
                : r.findings().stream().filter(f -> f.severity().id().equals("error")).map(f -> f.ruleId() + ": " + f.message() + " " + f.evidence()).toList();
        assertEquals(List.of(), errors, app + " must give no error finding");
    }

    /**
     * Healthy but suspicious-looking (Spring Boot 3.5.7, variant actuator-all-masked): every actuator endpoint exposed with
     * Spring Boot's default masking while secrets sit in the environment and in configuration properties, a generic 404
     * for an unknown id, a debug-looking response header, CORS with an explicit origin list and credentials. PASSED with
     * warnings only; the masked endpoints are one warning naming how many are open, and no secret value is in any output.
     */
    @Test
    void springWithEveryActuatorEndpointExposedButMaskedPassesWithWarningsOnly() throws Exception {
        var secrets = Map.of("API_KEY", "ak-2f7c9e1b5d", "SECRET_TOKEN", "st-90e8d7c6b5", "PAYMENT_API_KEY", "pk_live_5c4b3a2918");
        String env = secrets.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", "env: { ", " }"));
        Report r = DOCKER.run(new SpecParser().parse(FrameworkApps.spec("spring", "actuator-all-masked", env) + """
                  - name: unknown id is a generic 404
                    request: { path: /api/items/999, headers: { Accept: application/json } }
                    expect: { status: 404, json: { "$.error": { equals: Not Found } } }
                  - name: an allowed origin gets CORS with credentials
                    request: { path: /api/items, headers: { Origin: "https://app.example.com" } }
                    expect: { status: 200, headers: { Access-Control-Allow-Origin: 'https://app\\.example\\.com', X-Debug-Request-Id: ".+" } }
                """), RunListener.NONE, Map.of());
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        var bySeverity = r.findings().stream().collect(Collectors.groupingBy(f -> f.severity().id(), Collectors.mapping(Report.Finding::ruleId, Collectors.toList())));
        assertEquals(null, bySeverity.get("error"), "no error finding: " + bySeverity);
        assertTrue(bySeverity.get("warning").containsAll(List.of("spring-actuator-open", "spring-actuator-loggers-writable")), bySeverity.toString());
        var open = r.findings().stream().filter(f -> f.ruleId().equals("spring-actuator-open")).findFirst().orElseThrow();
        assertTrue(open.message().matches("1[0-9] actuator endpoints besides health and info are open without authentication; values masked; .*"), open.message());
        for (ReportFormat format : ReportFormat.values()) {
            String text = format.render(r, new ReportFormat.RenderOptions("shakedown.yml", null));
            secrets.values().forEach(v -> assertFalse(text.contains(v), format + " shows " + v));
        }
    }
}
