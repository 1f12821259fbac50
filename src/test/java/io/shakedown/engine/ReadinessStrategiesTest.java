package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each readiness strategy on a real container: port, log, the image's HEALTHCHECK, and all-of. */
class ReadinessStrategiesTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("readiness-test");
    static final String HEALTHCHECKED = "shakedown-test/healthchecked:1.0";

    @BeforeAll
    static void setUp() throws Exception {
        ExampleImages.ensureBuilt();
        // A busybox web server whose HEALTHCHECK turns healthy a second after start.
        Path dir = Files.createTempDirectory("healthchecked");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM shakedown-base/busybox:local
                HEALTHCHECK --interval=1s --timeout=1s --retries=30 CMD test -f /tmp/ready
                CMD ["sh", "-c", "mkdir -p /www; echo ok > /www/index.html; (sleep 1; touch /tmp/ready) & exec httpd -f -p 0.0.0.0:8080 -h /www"]
                """);
        DOCKER.docker().streams.buildImageCmd(dir.toFile()).withTags(Set.of(HEALTHCHECKED)).exec(new BuildImageResultCallback()).awaitImageId();
    }

    static Report run(String yaml) throws Exception {
        return DOCKER.run(yaml);
    }

    @Test
    void portAndLogTogether() throws Exception {
        Report r = run("""
                app: hello-api
                target: { image: "shakedown-example/hello-api:1.0", port: 8080 }
                readiness: [ { port: {} }, { log: { pattern: "listening on 0\\\\.0\\\\.0\\\\.0" } } ]
                """);
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertEquals(2, r.readiness().strategies().size());
        r.readiness().strategies().forEach(s -> assertTrue(s.ready(), s.toString()));
        assertTrue(r.readiness().strategies().getFirst().lastOutcome().contains("port 8080 listens on 0.0.0.0:8080"),
                r.readiness().strategies().getFirst().lastOutcome());
    }

    @Test
    void defaultReadinessIsThePortAndSeesThroughDockerProxy() throws Exception {
        // No readiness declared: the port strategy. A TCP connect alone would say "open" here (docker-proxy accepts).
        Report r = run("""
                app: inventory-api
                target: { image: "shakedown-example/binds-localhost:1.0", port: 8080, startupTimeout: 20s }
                """);
        assertEquals(Verdict.FAILED, r.verdict());
        assertEquals("port", r.readiness().strategies().getFirst().strategy());
        assertEquals("LOOPBACK_ONLY", r.readiness().diagnosis().kind().name());
    }

    @Test
    void imageHealthcheck() throws Exception {
        Report r = run("""
                app: healthchecked
                target: { image: "%s", port: 8080, startupTimeout: 20s }
                readiness: { healthcheck: {} }
                checks:
                  - name: index
                    request: { path: /index.html }
                    expect: { body: { contains: ok } }
                """.formatted(HEALTHCHECKED));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertTrue(r.readiness().durationMs() >= 900, "healthy only after its first passing check: " + r.readiness().durationMs());
    }

    @Test
    void healthcheckReadinessOnAnImageWithoutOne() throws Exception {
        Report r = run("""
                app: hello-api
                target: { image: "shakedown-example/hello-api:1.0", port: 8080, startupTimeout: 2s }
                readiness: { healthcheck: true }
                """);
        assertEquals(Verdict.FAILED, r.verdict());
        var d = r.readiness().diagnosis();
        assertEquals("HEALTHCHECK_NOT_HEALTHY", d.kind().name());
        assertTrue(d.summary().contains("the image declares no HEALTHCHECK"), d.summary());
    }
}
