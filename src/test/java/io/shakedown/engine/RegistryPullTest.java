package io.shakedown.engine;

import io.shakedown.run.RunListener;
import io.shakedown.run.RunContext;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.Cancellation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PushResponseItem;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import io.shakedown.target.DockerClients;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An image absent locally is pulled from a real registry (Debian's docker-registry on loopback) and validated. */
class RegistryPullTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.shakedown.support.NoContainerLeftBehind DOCKER = new io.shakedown.support.NoContainerLeftBehind("pull-test");
    static final EngineSettings SETTINGS = DOCKER.settings();
    static Process registry;
    static String repo;

    @BeforeAll
    static void startRegistry() throws Exception {
        ExampleImages.ensureBuilt();
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("registry");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                storage: { filesystem: { rootdirectory: %s } }
                http: { addr: "127.0.0.1:%d" }
                """.formatted(dir.resolve("data"), port));
        registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                var c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
                if (c.getResponseCode() == 200) break;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("registry did not start", e);
            }
            Thread.sleep(100);
        }
        repo = "127.0.0.1:" + port + "/hello-api";
        try (var docker = new DockerClients(SETTINGS)) {
            docker.api.tagImageCmd("shakedown-example/hello-api:1.0", repo, "1.0").exec();
            docker.streams.pushImageCmd(repo).withTag("1.0").exec(new ResultCallback.Adapter<PushResponseItem>())
                    .awaitCompletion(60, TimeUnit.SECONDS);
            docker.api.removeImageCmd(repo + ":1.0").exec(); // only the tag goes; the pull must bring it back
        }
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) registry.destroy();
    }

    @Test
    void absentImageIsPulledThenValidated() throws Exception {
        try (var docker = new DockerClients(SETTINGS); var engine = new ValidationEngine(SETTINGS)) {
            assertTrue(isAbsent(docker, repo + ":1.0"), "the test starts without the image");
            var spec = new SpecParser().parse("""
                    app: hello-api
                    target: { image: "%s:1.0", port: 8080, env: { GREETING: hi } }
                    readiness: { http: { path: /health, status: 200 } }
                    checks:
                      - name: greeting
                        request: { path: /api/greeting }
                        expect: { json: { "$.greeting": hi } }
                    """.formatted(repo));
            Report r = engine.run(spec, new RunContext(UUID.randomUUID().toString(), RunListener.NONE, new Cancellation()));
            assertEquals(Verdict.PASSED, r.verdict(), r.summary());
            assertEquals("pulled " + repo + ":1.0", r.stages().getFirst().message());
            docker.api.removeImageCmd(repo + ":1.0").exec();
        }
    }

    static boolean isAbsent(DockerClients docker, String image) {
        try {
            docker.api.inspectImageCmd(image).exec();
            return false;
        } catch (NotFoundException e) {
            return true;
        }
    }
}
