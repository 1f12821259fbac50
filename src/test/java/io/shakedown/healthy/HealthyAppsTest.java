package io.shakedown.healthy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shakedown.run.RunListener;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.FrameworkApps;
import io.shakedown.support.NoContainerLeftBehind;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No false FAIL: every healthy example and the real framework apps (Quarkus 3.33.2, Spring Boot 3.5.7) pass with
 * zero error findings, with every heuristic on (rules and their probes, assets crawled by default, fast verdicts).
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
}
