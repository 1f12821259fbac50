package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.support.ExampleImages;
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
    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    static CliRun run(Map<String, String> env, String... args) {
        return CliRun.of(name -> name.equals("SHAKEDOWN_INSTALLATION_ID") ? "flows-test" : env.get(name), args);
    }

    @Test
    void flowApiPassesWithTheSecretFromTheEnvironment() {
        var r = run(Map.of("ADMIN_PASSWORD", "correct-horse-battery-staple"), "validate", "examples/flow-api/shakedown.yml", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("✓   flow sign up and read my profile (4 steps"), r.out());
        assertTrue(r.out().contains("2 flow(s) passed"), r.out());
    }

    @Test
    void theBrokenFlowNamesItsThirdStep() {
        var r = run(Map.of(), "validate", "examples/broken/flow-500/shakedown.yml", "--out", tmp.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("flow 'sign up and read my profile' failed at steps[2] read my profile"), r.out());
        assertTrue(r.out().contains("→ 500: {\"error\":\"internal error\""), r.out());
    }

    @Test
    void theMissingAssetAndTheMissingFallbackAreNamed() {
        var asset = run(Map.of(), "validate", "examples/broken/missing-asset/shakedown.yml", "--out", tmp.toString());
        assertEquals(1, asset.exit(), asset.out() + asset.err());
        assertTrue(asset.out().contains("page / references script /assets/app.4f2c9.js, which answered 404"), asset.out());
        var fallback = run(Map.of(), "validate", "examples/broken/spa-no-fallback/shakedown.yml", "--out", tmp.toString());
        assertEquals(1, fallback.exit(), fallback.out() + fallback.err());
        assertTrue(fallback.out().contains("SPA route /orders/42 answered 404, not 200 with the app shell (/)"), fallback.out());
        var spa = run(Map.of(), "validate", "examples/spa-app/shakedown.yml", "--out", tmp.toString());
        assertEquals(0, spa.exit(), spa.out() + spa.err());
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
        var r = run(Map.of(), "validate", spec.toString());
        assertEquals(2, r.exit());
        String e = r.err();
        assertTrue(e.contains("shakedown.yml:8: flows[0].steps[1].request.headers.Authorization: uses ${tokn}, but no earlier step "
                + "of this flow captures \"tokn\"; did you mean \"token\"?"), e);
        assertEquals("", r.out());
    }
}
