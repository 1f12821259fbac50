package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.support.ExampleImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow and asset examples through the one-shot command: exit code and the step or URL it names. */
class FlowsCliTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    int run(Map<String, String> env, String... args) {
        return new ShakedownCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                name -> name.equals("SHAKEDOWN_INSTALLATION_ID") ? "flows-test" : env.get(name)).execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flowApiPassesWithTheSecretFromTheEnvironment() {
        int code = run(Map.of("ADMIN_PASSWORD", "correct-horse-battery-staple"), "validate", "examples/flow-api/shakedown.yml", "--out", tmp.toString());
        assertEquals(0, code, out() + err);
        assertTrue(out().contains("✓   flow sign up and read my profile (4 steps"), out());
        assertTrue(out().contains("2 flow(s) passed"), out());
    }

    @Test
    void theBrokenFlowNamesItsThirdStep() {
        int code = run(Map.of(), "validate", "examples/broken/flow-500/shakedown.yml", "--out", tmp.toString());
        assertEquals(1, code, out() + err);
        assertTrue(out().contains("flow 'sign up and read my profile' failed at steps[2] read my profile"), out());
        assertTrue(out().contains("→ 500: {\"error\":\"internal error\""), out());
    }

    @Test
    void theMissingAssetAndTheMissingFallbackAreNamed() {
        assertEquals(1, run(Map.of(), "validate", "examples/broken/missing-asset/shakedown.yml", "--out", tmp.toString()), out() + err);
        assertTrue(out().contains("page / references script /assets/app.4f2c9.js, which answered 404"), out());
        assertEquals(1, run(Map.of(), "validate", "examples/broken/spa-no-fallback/shakedown.yml", "--out", tmp.toString()), out() + err);
        assertTrue(out().contains("SPA route /orders/42 answered 404, not 200 with the app shell (/)"), out());
        assertEquals(0, run(Map.of(), "validate", "examples/spa-app/shakedown.yml", "--out", tmp.toString()), out() + err);
    }

    @Test
    void anUncapturedVariableIsRefusedBeforeAnythingStarts() throws Exception {
        Path spec = tmp.resolve("shakedown.yml");
        Files.writeString(spec, """
                app: demo
                target: { image: shakedown-example/flow-api:1.0, port: 8080 }
                flows:
                  - name: f
                    steps:
                      - request: { method: POST, path: /api/login }
                        capture: { token: { json: "$.access_token" } }
                      - request: { path: /api/me, headers: { Authorization: "Bearer ${tokn}" } }
                """);
        assertEquals(2, run(Map.of(), "validate", spec.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("shakedown.yml:8: flows[0].steps[1].request.headers.Authorization: uses ${tokn}, but no earlier step "
                + "of this flow captures \"tokn\"; did you mean \"token\"?"), e);
        assertEquals("", out());
    }
}
