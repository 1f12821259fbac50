package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.LocalRegistry;
import io.shakedown.support.NoContainerLeftBehind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An image absent locally is pulled from a real registry (Debian's docker-registry on loopback) and validated. */
class RegistryPullTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("pull-test");
    static LocalRegistry registry;
    static String image;

    @BeforeAll
    static void startRegistry() throws Exception {
        ExampleImages.ensureBuilt();
        registry = LocalRegistry.start();
        image = registry.push(DOCKER.docker(), "shakedown-example/hello-api:1.0", registry.repository("hello-api"), "1.0", false);
    }

    @AfterAll
    static void stopRegistry() {
        LocalRegistry.untag(DOCKER.docker(), image);
        if (registry != null) registry.close();
    }

    @Test
    void absentImageIsPulledThenValidated() throws Exception {
        assertFalse(LocalRegistry.isPresent(DOCKER.docker(), image), "the test starts without the image");
        Report r = DOCKER.run("""
                app: hello-api
                target: { image: "%s", port: 8080, env: { GREETING: hi } }
                readiness: { http: { path: /health, status: 200 } }
                checks:
                  - name: greeting
                    request: { path: /api/greeting }
                    expect: { json: { "$.greeting": hi } }
                """.formatted(image));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertEquals("pulled " + image, r.stages().getFirst().message());
    }
}
