package io.shakedown.cli;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.api.ApiAuth;
import java.net.URL;
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

    private CliRun cli(Map<String, String> env, String... args) {
        return CliRun.of(env::get, args);
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
        CliRun bad = cli(env, "monitors", "apply", typo.toString(), "--server", url);
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("monitors.yaml:7: monitors[0].failureTreshold: unknown field; did you mean \"failureThreshold\"?"), bad.err());

        // a secretEnv that is not set is named before anything is sent
        CliRun noSecret = cli(Map.of("SHAKEDOWN_TOKEN", token), "monitors", "apply", example.toString(), "--server", url);
        assertEquals(2, noSecret.exit());
        assertTrue(noSecret.err().contains("ALERT_WEBHOOK_SECRET is not set"), noSecret.err());

        CliRun dry = cli(env, "monitors", "apply", example.toString(), "--server", url, "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("+ shop-staging-health (created)") && dry.out().contains("dry run, nothing changed"), dry.out());
        assertEquals(0, monitors(token).size());

        CliRun applied = cli(env, "monitors", "apply", example.toString(), "--server", url);
        assertEquals(0, applied.exit(), applied.toString());
        assertEquals(List.of("shop-staging-checkout", "shop-staging-health"), monitors(token));
        assertTrue(cli(env, "monitors", "apply", example.toString(), "--server", url).out().contains("= shop-staging-health (unchanged)"));

        Path one = dir.resolve("one.yaml");
        String text = Files.readString(example);
        Files.writeString(one, text.substring(0, text.indexOf("  - name: shop-staging-checkout")));
        CliRun pruned = cli(env, "monitors", "apply", one.toString(), "--server", url, "--prune");
        assertEquals(0, pruned.exit(), pruned.toString());
        assertTrue(pruned.out().contains("- shop-staging-checkout (deleted)"), pruned.out());
        assertEquals(List.of("shop-staging-health"), monitors(token));

        CliRun noServer = cli(env, "monitors", "apply", example.toString());
        assertEquals(2, noServer.exit());
        assertTrue(noServer.err().contains("--server"), noServer.err());
    }

    private static List<String> monitors(String token) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/monitors").then().statusCode(200).extract().jsonPath().getList("items.name");
    }
}
