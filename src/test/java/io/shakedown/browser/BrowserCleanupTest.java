package io.shakedown.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.engine.ValidationEngine;
import io.shakedown.perf.PerfSettings;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.rules.RuleSet;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.run.RunListener;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import io.shakedown.target.DockerRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Chromium process and no profile folder outlives its run: not when the run is cancelled while the browser
 * works, and not when the service dies without cleaning up (the reaper removes what a SIGKILL leaves: the browser,
 * its chromedriver and the profile of a run that is no longer live).
 */
class BrowserCleanupTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("browser-cleanup-test");

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    @Test
    void aRunCancelledWhileTheBrowserWorksLeavesNoBrowserProcessAndNoProfile(@TempDir Path profiles) throws Exception {
        var settings = BrowserSettings.forInstallation("browser-cleanup-test", 1).withProfileRoot(profiles);
        var cancellation = new Cancellation();
        RunListener cancelOnceTheBrowserStarts = e -> {
            if ("stage-started".equals(e.type()) && "browser".equals(e.stage())) {
                CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS).execute(cancellation::cancel);
            }
        };
        var spec = new SpecParser().parse("""
                app: spa
                target: { image: shakedown-example/browser-spa:1.0, port: 8080, startupTimeout: 20s }
                readiness: { http: { path: /, status: 200 } }
                browser: { pages: [/widgets.html, /login.html] }
                """);
        Report r;
        try (var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(DOCKER.settings()), settings)) {
            r = engine.run(spec, new RunContext(UUID.randomUUID().toString(), cancelOnceTheBrowserStarts, cancellation, Map.of()));
        }
        assertEquals(Verdict.CANCELLED, r.verdict(), r.summary());
        var browser = r.stages().stream().filter(s -> s.name().equals("browser")).findFirst().orElseThrow();
        assertEquals(StageStatus.CANCELLED, browser.status(), browser.toString());
        assertEquals(List.of(), browsersOn(profiles), "no Chromium left on the run's profile");
        assertEquals(List.of(), leftIn(profiles), "the profile folder is gone");
    }

    /** An app whose readiness never passes (/missing answers 404): the run fails before the browser stage. */
    static final String NEVER_READY = """
            app: spa
            target: { image: shakedown-example/browser-spa:1.0, port: 8080, startupTimeout: 4s }
            readiness: { http: { path: /missing, status: 200 } }
            browser: { pages: [/widgets.html] }
            """;

    @Test
    void aRunThatFailsBeforeTheBrowserStageClosesTheBrowserItStartedEarly(@TempDir Path profiles) throws Exception {
        var settings = BrowserSettings.forInstallation("browser-cleanup-test", 1).withProfileRoot(profiles);
        Report r;
        try (var watch = new ProfileWatch(profiles);
             var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(DOCKER.settings()), settings)) {
            r = engine.run(new SpecParser().parse(NEVER_READY), new RunContext(UUID.randomUUID().toString(), e -> {}, new Cancellation(), Map.of()));
            assertTrue(watch.sawBrowser(), "the declared pages started Chromium while the container started");
        }
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var browser = r.stages().stream().filter(s -> s.name().equals("browser")).findFirst().orElseThrow();
        assertEquals(StageStatus.SKIPPED, browser.status(), browser.toString());
        assertEquals(List.of(), browsersOn(profiles), "no Chromium left on the run's profile");
        assertEquals(List.of(), leftIn(profiles), "the profile folder is gone");
    }

    @Test
    void aRunCancelledBeforeTheBrowserStageClosesTheBrowserItStartedEarly(@TempDir Path profiles) throws Exception {
        var settings = BrowserSettings.forInstallation("browser-cleanup-test", 1).withProfileRoot(profiles);
        var cancellation = new Cancellation();
        Report r;
        try (var watch = new ProfileWatch(profiles);
             var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(DOCKER.settings()), settings)) {
            RunListener cancelOnceTheBrowserStarts = e -> {
                if ("stage-started".equals(e.type()) && "readiness".equals(e.stage())) {
                    CompletableFuture.runAsync(() -> {
                        watch.awaitBrowser();
                        cancellation.cancel();
                    });
                }
            };
            r = engine.run(new SpecParser().parse(NEVER_READY), new RunContext(UUID.randomUUID().toString(), cancelOnceTheBrowserStarts, cancellation, Map.of()));
            assertTrue(watch.sawBrowser(), "Chromium was started before the cancel");
        }
        assertEquals(Verdict.CANCELLED, r.verdict(), r.summary());
        assertEquals(List.of(), browsersOn(profiles), "no Chromium left on the run's profile");
        assertEquals(List.of(), leftIn(profiles), "the profile folder is gone");
    }

    /** Looks every 50 ms for a Chromium running on a profile under {@code root}: proof that a run started one. */
    static final class ProfileWatch implements AutoCloseable {
        private final CompletableFuture<Void> seen = new CompletableFuture<>();
        private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

        ProfileWatch(Path root) {
            timer.scheduleWithFixedDelay(() -> {
                if (!browsersOn(root).isEmpty()) seen.complete(null);
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        boolean sawBrowser() {
            return seen.isDone();
        }

        void awaitBrowser() {
            seen.orTimeout(60, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    @Test
    void theReaperRemovesTheBrowserAndProfileAKilledServiceLeftBehind(@TempDir Path profiles) throws Exception {
        var settings = BrowserSettings.forInstallation("browser-cleanup-test", 1).withProfileRoot(profiles);
        var installation = settings.chromium().installation().orElseThrow();
        // what a SIGKILL of the service leaves: a started browser nobody will close
        var abandoned = ChromiumSession.launch(installation, profiles, "run-of-a-dead-service", Duration.ofSeconds(15));
        var live = ChromiumSession.launch(installation, profiles, "run-still-going", Duration.ofSeconds(15));
        try {
            assertFalse(browsersOn(abandoned.profile()).isEmpty(), "the abandoned browser runs");
            int reaped = new BrowserChecker(settings).reap(runId -> runId.equals("run-still-going"));
            assertEquals(1, reaped);
            assertEquals(List.of(), browsersOn(abandoned.profile()), "the dead run's Chromium is killed");
            assertFalse(Files.exists(abandoned.profile()), "and its profile deleted");
            assertFalse(browsersOn(live.profile()).isEmpty(), "a live run's browser is left alone");
        } finally {
            abandoned.close();
            live.close();
        }
        assertEquals(List.of(), leftIn(profiles));
    }

    /** Processes whose command line names a profile under {@code root}. */
    static List<String> browsersOn(Path root) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("--user-data-dir=" + root)).toList();
    }

    static List<String> leftIn(Path root) throws java.io.IOException {
        try (var files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
