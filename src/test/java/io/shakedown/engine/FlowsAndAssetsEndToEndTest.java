package io.shakedown.engine;

import io.shakedown.run.RunEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.ReportJson;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * User flows, static assets and SPA routes against the example apps on a real Docker engine: the verdict, the
 * step or URL the evidence names, and no container left behind.
 */
class FlowsAndAssetsEndToEndTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("flows-test");
    static final String ADMIN_PASSWORD = "correct-horse-battery-staple";
    final List<RunEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    Report run(String example, Map<String, String> secrets) throws Exception {
        Path file = ExampleImages.example(example);
        var spec = new SpecParser().parse(Files.readString(file), SpecFiles.folder(file.getParent()));
        Report report = DOCKER.run(spec, events::add, secrets);
        io.shakedown.report.ReportSchemas.assertEveryFormatValid(report); // every format; the HTML file has every section
        return report;
    }

    @Test
    void flowApiPassesEveryStepWithCapturesTheCookieJarTheSchemaAndTheSecret() throws Exception {
        Report r = run("flow-api", Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        // a JSON API (its readiness /health too): no page to crawl, so no assets stage and no "assets OK" in the summary
        assertEquals("ready in " + r.readiness().durationMs() + " ms; 1 check(s) passed, 2 flow(s) passed", r.summary());
        assertNull(r.assets());
        Report.FlowResult signUp = r.flows().get(0);
        assertEquals(List.of("register", "log in", "read my profile", "the session cookie alone is enough"),
                signUp.steps().stream().map(Report.StepResult::name).toList());
        signUp.steps().forEach(s -> assertEquals(StageStatus.PASSED, s.status(), s.name() + ": " + s.failure()));
        String userId = signUp.steps().get(0).captured().get("userId");
        assertTrue(userId.matches("[0-9]+"), userId);
        assertTrue(signUp.steps().get(2).request().url().endsWith("/api/users/" + userId), "the capture went into the path");
        assertEquals("Bearer " + signUp.steps().get(1).captured().get("token"), signUp.steps().get(2).request().headers().get("Authorization"));
        assertTrue(signUp.steps().get(2).assertions().stream().anyMatch(a -> a.what().equals("json schema") && a.passed()));
        assertNull(signUp.steps().get(3).request().headers(), "no Authorization header: the cookie jar carried the session");
        // the secret went out (the app accepted it) but shows as *** in the report
        Report.StepResult admin = r.flows().get(1).steps().get(0);
        assertEquals("***", admin.request().headers().get("X-Admin-Password"));
        assertFalse(ReportJson.write(r).contains(ADMIN_PASSWORD));
        assertTrue(events.stream().anyMatch(e -> "flow-finished".equals(e.type())));
    }

    @Test
    void theThirdStepAnswering500FailsTheFlowThereWithTheEvidenceOfTheStepsBefore() throws Exception {
        Report r = run("broken/flow-500", Map.of());
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        Report.FlowResult flow = r.flows().get(0);
        assertEquals("steps[2] read my profile", flow.failedStep());
        assertTrue(r.summary().startsWith("1 of 1 flow(s) failed: sign up and read my profile — steps[2] read my profile: status: expected 200, got 500"),
                r.summary());
        assertEquals(List.of(StageStatus.PASSED, StageStatus.PASSED, StageStatus.FAILED, StageStatus.SKIPPED),
                flow.steps().stream().map(Report.StepResult::status).toList());
        assertEquals(201, flow.steps().get(0).response().status());
        assertEquals(200, flow.steps().get(1).response().status());
        assertTrue(flow.steps().get(2).response().bodyExcerpt().contains("NullPointerException"));
        assertEquals(1, flow.steps().get(2).attempts(), "an assertion failure is never retried");
        assertNull(flow.steps().get(3).request(), "a skipped step sent nothing");
        assertEquals(StageStatus.FAILED, r.stages().stream().filter(s -> s.name().equals("flows")).findFirst().orElseThrow().status());
    }

    @Test
    void spaAppPassesItsPagesAssetsAndDeepLinks() throws Exception {
        Report r = run("spa-app", Map.of());
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        Report.PageResult home = r.assets().pages().get(0);
        assertEquals(List.of("/assets/app.4f2c9.js", "/favicon.ico", "/manifest.webmanifest", "/assets/app.css", "/assets/logo.svg",
                "/assets/fonts/inter.woff2"), home.assets().stream().map(Report.AssetResult::url).toList(),
                "same-origin only (the CDN script is not requested); the font comes from the stylesheet");
        assertEquals(List.of("script", "icon", "manifest", "style", "image", "font"), home.assets().stream().map(Report.AssetResult::kind).toList());
        r.assets().spaRoutes().forEach(route -> assertTrue(route.sameAsShell(), route.path()));
    }

    @Test
    void aMissingAssetFailsNamingThePageAndTheUrl() throws Exception {
        Report r = run("broken/missing-asset", Map.of());
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        // busybox httpd also has no history fallback, which the rules stage reports as a finding after it
        assertTrue(r.summary().startsWith("assets: page / references script /assets/app.4f2c9.js, which answered 404"), r.summary());
        var bad = r.assets().pages().get(0).assets().stream().filter(a -> !a.ok()).toList();
        assertEquals(1, bad.size(), bad.toString());
        assertEquals(404, bad.get(0).httpStatus());
    }

    @Test
    void anSpaWithoutHistoryFallbackFailsNamingTheRoute() throws Exception {
        Report r = run("broken/spa-no-fallback", Map.of());
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertEquals(StageStatus.PASSED, r.assets().pages().get(0).status(), "the page itself and its assets are fine");
        Report.SpaRouteResult route = r.assets().spaRoutes().get(0);
        assertEquals("/orders/42", route.path());
        assertEquals(404, route.httpStatus());
        assertTrue(r.summary().startsWith("assets: SPA route /orders/42 answered 404, not 200 with the app shell (/)"), r.summary());
    }

    @Test
    void aDeclaredSecretWithoutValueIsAnErrorBeforeAnythingStarts() throws Exception {
        Report r = run("flow-api", Map.of());
        assertEquals(Verdict.ERROR, r.verdict());
        assertTrue(r.summary().startsWith("no value for the secret(s) ADMIN_PASSWORD"), r.summary());
        assertNotNull(r.stages());
        assertTrue(r.stages().isEmpty(), "nothing was started");
    }
}
