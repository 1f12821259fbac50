package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.perf.PerfSettings;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.rules.RuleSet;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.run.RunListener;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.LocalRegistry;
import io.shakedown.support.NoContainerLeftBehind;
import io.shakedown.target.DockerRuntime;
import io.shakedown.target.ImageHygiene;
import io.shakedown.target.PulledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Images pulled from a real registry (Debian's docker-registry on loopback, a new tag per run as a pipeline would):
 * the ones Shakedown pulled go when their run ends, or beyond the N most recent per repository; one that was on the
 * engine before is never removed.
 */
class ImageHygieneTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("image-hygiene-test");
    static LocalRegistry registry;
    static final List<String> made = new ArrayList<>();

    @BeforeAll
    static void startRegistry() throws Exception {
        ExampleImages.ensureBuilt();
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        made.forEach(i -> LocalRegistry.untag(DOCKER.docker(), i));
        if (registry != null) registry.close();
    }

    /** A tag of hello-api in the registry; on the engine only if {@code keepLocal}. */
    static String pushed(String repo, String tag, boolean keepLocal) throws Exception {
        String image = registry.push(DOCKER.docker(), "shakedown-example/hello-api:1.0", registry.repository(repo), tag, keepLocal);
        made.add(image);
        return image;
    }

    static Report validate(ValidationEngine engine, String image, String pull) throws Exception {
        var spec = new SpecParser().parse("""
                app: hello-api
                target: { image: "%s", port: 8080, pull: %s }
                readiness: { http: { path: /health, status: 200 } }
                """.formatted(image, pull));
        return engine.run(spec, new RunContext(UUID.randomUUID().toString(), RunListener.NONE, new Cancellation()));
    }

    static String cleanupMessage(Report r) {
        return r.stages().stream().filter(s -> s.name().equals("cleanup")).findFirst().orElseThrow().message();
    }

    @Test
    void aPulledTagIsRemovedWhenItsRunEndsUnderTheDefaultPolicy() throws Exception {
        String image = pushed("shop", "c0ffee1", false);
        assertFalse(LocalRegistry.isPresent(DOCKER.docker(), image), "the test starts without the image");
        Report r = validate(DOCKER.engine(), image, "missing");
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertEquals("pulled " + image, r.stages().getFirst().message());
        assertEquals("removed pulled image " + image, cleanupMessage(r));
        assertFalse(LocalRegistry.isPresent(DOCKER.docker(), image), "no image left behind");
        assertEquals(1, DOCKER.engine().imagesRemoved());
    }

    @Test
    void anImageOnTheEngineBeforeTheRunStaysEvenWhenPulledAgain() throws Exception {
        String image = pushed("shop", "was-here", true);
        Report r = validate(DOCKER.engine(), image, "always");
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertEquals("pulled " + image, r.stages().getFirst().message(), "pull: always pulls it again");
        assertEquals(null, cleanupMessage(r));
        assertTrue(LocalRegistry.isPresent(DOCKER.docker(), image), "an image Shakedown did not bring stays");
    }

    @Test
    void keepTwoKeepsExactlyTheTwoMostRecentTags() throws Exception {
        var hygiene = new ImageHygiene(PulledImages.inMemory(), new ImageHygiene.Policy(true, 2), ImageHygiene.Demand.NONE);
        try (var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(DOCKER.settings(), hygiene))) {
            var tags = List.of(pushed("cart", "build-1", false), pushed("cart", "build-2", false), pushed("cart", "build-3", false));
            for (String image : tags) assertEquals(Verdict.PASSED, validate(engine, image, "missing").verdict());
            assertFalse(LocalRegistry.isPresent(DOCKER.docker(), tags.get(0)), "the oldest goes");
            assertTrue(LocalRegistry.isPresent(DOCKER.docker(), tags.get(1)));
            assertTrue(LocalRegistry.isPresent(DOCKER.docker(), tags.get(2)));
            assertEquals(1, engine.imagesRemoved());
        }
    }

    @Test
    void imagesPulledForServicesAndJobsGoLikeTheAppsUnlessAnotherRunNeedsThem() throws Exception {
        String busybox = "shakedown-base/busybox:local";
        String cacheImage = registry.push(DOCKER.docker(), busybox, registry.repository("cache"), "svc-1", false);
        String toolsImage = registry.push(DOCKER.docker(), busybox, registry.repository("tools"), "job-1", false);
        made.addAll(List.of(cacheImage, toolsImage));
        var needed = new java.util.concurrent.atomic.AtomicBoolean(true);
        var hygiene = new ImageHygiene(PulledImages.inMemory(), ImageHygiene.Policy.DEFAULT, (i, run) -> needed.get() && i.equals(toolsImage));
        try (var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(DOCKER.settings(), hygiene))) {
            var spec = new SpecParser().parse("""
                    app: hello-api
                    target: { image: "shakedown-example/hello-api:1.0", port: 8080 }
                    readiness: { http: { path: /health, status: 200 } }
                    services:
                      cache: { image: "%s", port: 6379, command: [ sh, -c, "echo cache up; exec sleep 60" ], readiness: { log: { pattern: "cache up" } } }
                    jobs:
                      - { name: seed, image: "%s", command: [ sh, -c, "echo seeded" ] }
                    """.formatted(cacheImage, toolsImage));
            Report r = engine.run(spec, new RunContext(UUID.randomUUID().toString(), RunListener.NONE, new Cancellation()));
            assertEquals(Verdict.PASSED, r.verdict(), r.summary());
            assertEquals("removed pulled image " + cacheImage, cleanupMessage(r), "the service's image goes; the job's is still needed");
            assertFalse(LocalRegistry.isPresent(DOCKER.docker(), cacheImage));
            assertTrue(LocalRegistry.isPresent(DOCKER.docker(), toolsImage), "a queued run still needs the job's image");
            assertTrue(LocalRegistry.isPresent(DOCKER.docker(), "shakedown-example/hello-api:1.0"), "the app's local image was not pulled: it stays");
            needed.set(false);
            assertEquals(1, engine.sweepImages(), "the periodic sweep removes the job's image once nobody needs it");
            assertFalse(LocalRegistry.isPresent(DOCKER.docker(), toolsImage));
        }
    }

    @Test
    void anImageAnotherRunNeedsStaysUntilThatRunReleasesIt() throws Exception {
        String image = pushed("shop", "shared", false);
        var needed = new java.util.concurrent.atomic.AtomicBoolean(true);
        var hygiene = new ImageHygiene(PulledImages.inMemory(), ImageHygiene.Policy.DEFAULT, (i, run) -> needed.get());
        try (var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(DOCKER.settings(), hygiene))) {
            assertEquals(Verdict.PASSED, validate(engine, image, "missing").verdict());
            assertTrue(LocalRegistry.isPresent(DOCKER.docker(), image), "a queued run still needs it");
            needed.set(false);
            assertEquals(1, engine.sweepImages(), "the periodic sweep removes it once nobody needs it");
            assertFalse(LocalRegistry.isPresent(DOCKER.docker(), image));
        }
    }
}
