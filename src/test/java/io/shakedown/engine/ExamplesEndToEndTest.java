package io.shakedown.engine;

import io.shakedown.run.RunEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine against every example app, on a real Docker engine: the verdict AND the diagnosis text,
 * and no container left behind afterwards.
 */
class ExamplesEndToEndTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("e2e-test");
    final List<RunEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    Report run(String example) throws Exception {
        ValidationSpec spec = new SpecParser().parse(Files.readString(ExampleImages.example(example)));
        Report report = DOCKER.run(spec, events::add, Map.of());
        io.shakedown.report.ReportSchemas.assertEveryFormatValid(report); // JUnit and SARIF against their published schemas
        return report;
    }

    static Report.Diagnosis diagnosis(Report r) {
        assertNotNull(r.readiness(), "readiness recorded");
        assertNotNull(r.readiness().diagnosis(), "a failed readiness must carry a diagnosis: " + r.summary());
        return r.readiness().diagnosis();
    }

    static void contains(String text, String... fragments) {
        for (String f : fragments) assertTrue(text.contains(f), "expected «" + f + "» in: " + text);
    }

    @Test
    void helloApiPasses() throws Exception {
        Report r = run("hello-api");
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertEquals(3, r.checks().size());
        r.checks().forEach(c -> assertEquals(StageStatus.PASSED, c.status(), c.name() + ": " + c.failure()));
        var items = r.checks().getFirst();
        assertEquals(200, items.response().status());
        contains(items.response().bodyExcerpt(), "hammer");
        contains(items.request().url(), "http://127.0.0.1:", "/api/items");
        assertTrue(r.log().lines().stream().anyMatch(l -> l.contains("listening")), "container log captured: " + r.log().lines());
        // every answer the run got is JSON (its readiness /health too): no page to crawl, so no assets stage, and
        // /health is not fetched again after readiness to ask whether it is a page (docs/spec.md, "assets")
        assertEquals(List.of("image", "create", "start", "readiness", "checks", "rules", "cleanup"), r.stages().stream().map(Report.Stage::name).toList());
        assertNull(r.assets(), "no assets section for a JSON API");
        assertFalse(r.summary().contains("assets"), r.summary());
        assertTrue(events.stream().anyMatch(e -> "verdict".equals(e.type()) && "PASSED".equals(e.status())));
    }

    @Test
    void slowStartWithinItsTimeoutPasses() throws Exception {
        Report r = run("slow-start");
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertTrue(r.readiness().durationMs() >= 3000, "it really was slow: " + r.readiness().durationMs() + " ms");
    }

    @Test
    void missingImageIsAnError() throws Exception {
        Report r = run("missing-image");
        assertEquals(Verdict.ERROR, r.verdict());
        contains(r.summary(), "shakedown-example/does-not-exist:1.0", "not present locally", "pull is 'never'");
        assertNull(r.readiness());
    }

    @Test
    void exitsImmediately() throws Exception {
        Report r = run("broken/exits-immediately");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("EXITED", d.kind().name());
        contains(d.summary(), "exited with code 3");
        contains(String.join("\n", d.evidence()), "config file not found");
        assertTrue(r.readiness().durationMs() < 5000, "fails fast, not at the 10 s timeout: " + r.readiness().durationMs());
    }

    @Test
    void missingEnvNamesTheVariable() throws Exception {
        Report r = run("broken/missing-env");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("EXITED", d.kind().name());
        contains(d.summary(), "exited with code 1");
        contains(d.hint(), "DATABASE_URL", "target.env");
    }

    @Test
    void oomKilled() throws Exception {
        Report r = run("broken/oom");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("OOM_KILLED", d.kind().name());
        contains(d.summary(), "OOM killer", "32 MiB");
    }

    @Test
    void bindsLocalhostInAShellLessImage() throws Exception {
        Report r = run("broken/binds-localhost");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("LOOPBACK_ONLY", d.kind().name());
        contains(d.summary(), "listens on 127.0.0.1:8080 inside the container", "bind 0.0.0.0");
        assertTrue(r.readiness().durationMs() < 8000, "a settled loopback bind ends the wait before the 10 s timeout: " + r.readiness().durationMs());
    }

    @Test
    void wrongPortNamesThePort() throws Exception {
        Report r = run("broken/wrong-port");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("WRONG_PORT", d.kind().name());
        contains(d.summary(), ":3000", "not on the declared port 8080");
        contains(d.hint(), "target.port: 3000");
        assertTrue(r.readiness().durationMs() < 8000, "a settled socket table on another port ends the wait before the 10 s timeout: "
                + r.readiness().durationMs());
    }

    @Test
    void nothingListens() throws Exception {
        Report r = run("broken/never-listens");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("NOT_LISTENING", d.kind().name());
        contains(d.summary(), "nothing listens on any TCP port");
    }

    @Test
    void healthEndpointFailing() throws Exception {
        Report r = run("broken/health-500");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("HEALTH_ENDPOINT_FAILING", d.kind().name());
        contains(d.summary(), "GET /health answered 503", "expected 200", "DOWN");
    }

    @Test
    void responseDriftedFromItsOwnOpenApiDocument() throws Exception {
        Report r = run("broken/contract-drift");
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        contains(r.summary(), "GET /api/orders/{id} [getOrder]", "sent GET /api/orders/1", "schema at /id", "integer", "got \"1\"");
        assertEquals("/openapi.json", r.contract().document().location());
        assertEquals("discovered", r.contract().document().source());
    }

    @Test
    void stillStartingAtTheTimeout() throws Exception {
        Report r = run("broken/still-starting");
        assertEquals(Verdict.FAILED, r.verdict());
        var d = diagnosis(r);
        assertEquals("STILL_STARTING", d.kind().name());
        contains(d.summary(), "still starting", "4 s startup timeout");
        contains(String.join("\n", d.evidence()), "warming cache");
    }
}
