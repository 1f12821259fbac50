package io.shakedown.engine;

import io.shakedown.run.RunContext;
import io.shakedown.run.Cancellation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page with missing bundles is broken whether or not the spec declared assets: every HTML page the run gets
 * (readiness, checks, flow steps) is crawled; {@code assets: false} opts out.
 */
class AssetsByDefaultTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.shakedown.support.NoContainerLeftBehind DOCKER = new io.shakedown.support.NoContainerLeftBehind("assets-default-test");
    static ValidationEngine engine;

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
        engine = new ValidationEngine(DOCKER.settings());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static final String SPEC = """
            app: static-site
            target: { image: shakedown-example/missing-asset:1.0, port: 8080, startupTimeout: 20s }
            readiness: { http: { path: /, status: 200 } }
            checks:
              - name: home page
                request: { path: /index.html }
                expect: { status: 200 }
            rules:
              waive: [{ rule: spa-no-history-fallback, reason: "a static site, not a single-page app" }]
            """;

    static Report run(String spec) throws Exception {
        return engine.run(new SpecParser().parse(spec), new RunContext(UUID.randomUUID().toString(), e -> { }, new Cancellation()));
    }

    @Test
    void aMissingBundleFailsTheRunWithoutAnyAssetsSection() throws Exception {
        Report r = run(SPEC);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        String failure = r.assets().failure();
        assertTrue(failure.startsWith("page / references script /assets/app.4f2c9.js, which answered 404"), failure);
        assertEquals(java.util.List.of("/", "/index.html"), r.assets().pages().stream().map(Report.PageResult::path).toList(),
                "the readiness page and the checked page, each crawled");
        assertTrue(r.summary().contains("assets: page / references script /assets/app.4f2c9.js"), r.summary());
    }

    @Test
    void assetsFalseOptsOut() throws Exception {
        Report r = run(SPEC + "assets: false\n");
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertNull(r.assets());
    }
}
