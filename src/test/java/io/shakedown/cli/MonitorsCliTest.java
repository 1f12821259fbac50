package io.shakedown.cli;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.api.ApiAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shakedown monitors apply} against the running service: typos with line, dry run, apply, prune. */
@QuarkusTest
class MonitorsCliTest {

    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private Result cli(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = new ShakedownCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env::get)
                .execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void applyTheExampleFileThenPrune() throws Exception {
        String token = ApiAuth.newToken("mon-cli");
        Map<String, String> env = Map.of("SHAKEDOWN_TOKEN", token, "ALERT_WEBHOOK_SECRET", "cli-secret-value");
        String url = server.toString();
        Path example = Path.of("examples/monitors/monitors.yaml");

        // a typo: the field, its line and the fix; nothing is sent
        Path typo = dir.resolve("monitors.yaml");
        Files.writeString(typo, Files.readString(example).replace("    failureThreshold: 2", "    failureTreshold: 2"));
        Result bad = cli(env, "monitors", "apply", typo.toString(), "--server", url);
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("monitors.yaml:7: monitors[0].failureTreshold: unknown field; did you mean \"failureThreshold\"?"), bad.err());

        // a secretEnv that is not set is named before anything is sent
        Result noSecret = cli(Map.of("SHAKEDOWN_TOKEN", token), "monitors", "apply", example.toString(), "--server", url);
        assertEquals(2, noSecret.exit());
        assertTrue(noSecret.err().contains("ALERT_WEBHOOK_SECRET is not set"), noSecret.err());

        Result dry = cli(env, "monitors", "apply", example.toString(), "--server", url, "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("+ shop-staging-health (created)") && dry.out().contains("dry run, nothing changed"), dry.out());
        assertEquals(0, monitors(token).size());

        Result applied = cli(env, "monitors", "apply", example.toString(), "--server", url);
        assertEquals(0, applied.exit(), applied.toString());
        assertEquals(List.of("shop-staging-checkout", "shop-staging-health"), monitors(token));
        assertTrue(cli(env, "monitors", "apply", example.toString(), "--server", url).out().contains("= shop-staging-health (unchanged)"));

        Path one = dir.resolve("one.yaml");
        String text = Files.readString(example);
        Files.writeString(one, text.substring(0, text.indexOf("  - name: shop-staging-checkout")));
        Result pruned = cli(env, "monitors", "apply", one.toString(), "--server", url, "--prune");
        assertEquals(0, pruned.exit(), pruned.toString());
        assertTrue(pruned.out().contains("- shop-staging-checkout (deleted)"), pruned.out());
        assertEquals(List.of("shop-staging-health"), monitors(token));

        Result noServer = cli(env, "monitors", "apply", example.toString());
        assertEquals(2, noServer.exit());
        assertTrue(noServer.err().contains("--server"), noServer.err());
    }

    private static List<String> monitors(String token) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/monitors").then().statusCode(200).extract().jsonPath().getList("items.name");
    }
}
