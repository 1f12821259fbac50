package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page with missing bundles is broken whether or not the spec declared assets: every HTML page the run gets
 * (readiness, checks, flow steps) is crawled; {@code assets: false} opts out.
 */
class AssetsByDefaultTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("assets-default-test");

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
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
        return DOCKER.run(spec);
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
        // the page is broken for a browser too (its bundle answers 404): that stage is off here, this is about assets
        Report r = run(SPEC + "assets: false\nbrowser: false\n");
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertNull(r.assets());
    }
}
