package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.BuildImageResultCallback;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apps that misbehave the way real ones do, in real containers (busybox {@code nc} speaking HTTP by hand): each run
 * ends in bounded time with words for what the app did, instead of holding its run slot. One image, one path each.
 */
class HostileAppsTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("hostile-test");
    static final String HOSTILE = "shakedown-test/hostile:1.0";

    @BeforeAll
    static void buildImage() throws Exception {
        ExampleImages.ensureBuilt();
        // one connection per request, the request line picks the misbehaviour (the bench builds the same image)
        Path dir = Path.of("src/test/resources/hostile-app");
        DOCKER.docker().streams.buildImageCmd(dir.toFile()).withTags(Set.of(HOSTILE)).exec(new BuildImageResultCallback()).awaitImageId();
    }

    @Test
    void aHealthEndpointWhoseBodyNeverFinishesIsADiagnosisNotAHang() {
        long t0 = System.nanoTime();
        Report r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> DOCKER.run("""
                app: drip
                target: { image: "%s", port: 8080, startupTimeout: 6s }
                readiness: { http: { path: /drip, status: 200, timeout: 2s } }
                rules: { failOn: never }
                """.formatted(HOSTILE)));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var d = r.readiness().diagnosis();
        assertEquals("NO_HTTP_ANSWER", d.kind().name(), d.summary());
        assertTrue(d.summary().contains("inside the container; GET /drip answered 200 but its body had not finished after "), d.summary());
        assertTrue(seconds < 40, "the run took " + seconds + " s with a 6 s startup timeout");
    }

    @Test
    void checksOnHostileEndpointsEndWithinTheirTimeouts() {
        long t0 = System.nanoTime();
        Report r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> DOCKER.run("""
                app: hostile
                target: { image: "%s", port: 8080, startupTimeout: 20s }
                readiness: { http: { path: /ok, status: 200 } }
                rules: { failOn: never }
                checks:
                  - name: drip
                    request: { path: /drip, timeout: 2s }
                  - name: stuck headers
                    request: { path: /stuck-headers, timeout: 2s }
                  - name: gigabyte
                    request: { path: /gigabyte, timeout: 20s }
                """.formatted(HOSTILE)));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var drip = check(r, "drip");
        assertEquals(StageStatus.FAILED, drip.status());
        assertTrue(drip.failure().startsWith("GET /drip answered 200 but its body had not finished after 2 s"), drip.failure());
        var stuck = check(r, "stuck headers");
        assertEquals(StageStatus.FAILED, stuck.status());
        assertTrue(stuck.failure().contains("got no answer: no answer within 2 s"), stuck.failure());
        // a gigabyte is not read to its end: the first MiB is kept, reading stops at the drain limit
        var big = check(r, "gigabyte");
        assertEquals(StageStatus.PASSED, big.status(), big.failure());
        assertTrue(big.response().bodyBytes() < 1_073_741_824L, "read " + big.response().bodyBytes());
        assertTrue(seconds < 60, "the run took " + seconds + " s");
    }

    @Test
    void anAppThatForksUntilItsPidsLimitIsDiagnosed() {
        // awk's system() keeps forking (a failed fork does not stop it); 5 s later (a wait without a fork) nc starts
        // serving and cannot fork a handler for the first request
        Report r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> DOCKER.run("""
                app: forks
                target:
                  image: "%s"
                  port: 8080
                  startupTimeout: 15s
                  command: [sh, -c, "awk 'BEGIN { while (1) system(\\"sleep 600 &\\") }' & read -t 5 x <> /never; exec nc -ll -p 8080 -e /handler.sh"]
                  resources: { pids: 32, cpus: 0.5 }
                readiness: { http: { path: /ok, status: 200, timeout: 1s } }
                rules: { failOn: never }
                """.formatted(HOSTILE)));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var d = r.readiness().diagnosis();
        assertEquals("PROCESS_LIMIT_REACHED", d.kind().name(), d.summary() + " " + d.evidence());
        // nc dies when it cannot fork its handler: the container exits, and its log says why
        assertTrue(d.summary().contains("its processes filled the container's pids limit of 32"), d.summary());
        assertTrue(d.evidence().stream().anyMatch(e -> e.contains("Resource temporarily unavailable")), "the app's own words: " + d.evidence());
    }

    @Test
    void anAppThatFillsItsDiskIsStoppedAtItsLimit() {
        // 1 MiB every 0.1 s, 200 MiB at most whatever happens (the engine's disk is shared), and it never serves
        Report r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> DOCKER.run("""
                app: fills-disk
                target:
                  image: "%s"
                  port: 8080
                  startupTimeout: 60s
                  command: [sh, -c, "i=0; while [ $i -lt 200 ]; do dd if=/dev/zero of=/fill-$i bs=1M count=1 2>/dev/null; i=$((i+1)); sleep 0.1; done; sleep 600"]
                  resources: { disk: 20m }
                readiness: { http: { path: /ok, status: 200, timeout: 1s } }
                rules: { failOn: never }
                """.formatted(HOSTILE)));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var d = r.readiness().diagnosis();
        assertEquals("DISK_LIMIT_EXCEEDED", d.kind().name(), d.summary() + " " + d.evidence());
        assertTrue(d.summary().matches("the app wrote \\d+ MiB into its container's filesystem, over its disk limit of 20 MiB .*"), d.summary());
    }

    @Test
    void aRunEndsAtItsOwnDeadlineNamingTheStage() throws Exception {
        // a ceiling below what the spec allows: the run's deadline is the ceiling, and readiness is where it was
        try (var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), new DockerRuntime(DOCKER.settings()))
                .capRunsAt(Duration.ofSeconds(4))) {
            var spec = new SpecParser().parse("""
                    app: drip
                    target: { image: "%s", port: 8080, startupTimeout: 60s }
                    readiness: { http: { path: /drip, status: 200, timeout: 30s } }
                    """.formatted(HOSTILE));
            long t0 = System.nanoTime();
            Report r = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> engine.run(spec,
                    new RunContext(UUID.randomUUID().toString(), RunListener.NONE, new Cancellation(), Map.of())));
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertEquals(Verdict.ERROR, r.verdict(), r.summary());
            assertTrue(r.summary().startsWith("the run did not end within its deadline of 4s and was stopped during the readiness stage"), r.summary());
            assertTrue(seconds < 25, "the run took " + seconds + " s with a 4 s deadline");
        }
    }

    private static Report.CheckResult check(Report r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no check " + name));
    }
}
