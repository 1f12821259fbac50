package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.report.ReportJson;
import io.shakedown.support.ExampleImages;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot run whose app echoes its secrets back in bodies, headers and its access log: no output of the run
 * (stdout with the streamed container log, stderr, report.json) holds a value, in any encoding.
 */
class SecretsNeverLeakCliTest {
    static final String ADMIN_PASSWORD = "correct-horse-battery-staple";
    static final String API_KEY = "k3y/with+special chars&=\"quoted\"";

    /** The value and the forms it takes on the way out. */
    static List<String> forms(String v) {
        return List.of(v, URLEncoder.encode(v, StandardCharsets.UTF_8), URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"),
                v.replace("\"", "\\\""), Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
    }

    static void noSecretIn(String what, String text) {
        for (String secret : List.of(ADMIN_PASSWORD, API_KEY)) {
            for (String form : forms(secret)) assertFalse(text.contains(form), what + " holds a secret (" + form + "):\n" + text);
        }
        // the distinctive part alone, should a form we did not think of slip through
        assertFalse(text.contains("horse-battery"), what + ":\n" + text);
        assertFalse(text.contains("special chars") || text.contains("special+chars") || text.contains("special%20chars"), what + ":\n" + text);
    }

    @Test
    void noOutputOfTheRunHoldsASecretValue(@TempDir Path tmp) throws Exception {
        ExampleImages.ensureBuilt();
        Path spec = tmp.resolve("shakedown.yml");
        Files.copy(Path.of("src/test/resources/secrets/leaky.yml"), spec);
        Map<String, String> env = Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD, "API_KEY", API_KEY,
                "SHAKEDOWN_INSTALLATION_ID", "flows-test");
        var run = CliRun.of(env::get, "validate", spec.toString(), "--out", tmp.toString(), "--verbose");
        String stdout = run.out();
        String report = Files.readString(tmp.resolve("report.json"));
        assertEquals(1, run.exit(), stdout + run.err());

        // the secrets were really used: the app accepted the admin password and echoed both back
        JsonNode r = ReportJson.mapper().readTree(report);
        JsonNode steps = r.at("/flows/0/steps");
        assertEquals("PASSED", steps.get(0).get("status").asText(), "the admin password reached the app: " + steps.get(0));
        assertEquals("***", steps.get(0).at("/request/headers/X-Admin-Password").asText());
        assertTrue(steps.get(1).at("/response/bodyExcerpt").asText().contains("***"), steps.get(1).toString());
        assertTrue(r.at("/log/lines").toString().contains("/api/echo?key=***"), "the access log line is redacted: " + r.at("/log/lines"));
        assertTrue(stdout.contains("***"), stdout);

        noSecretIn("stdout", stdout);
        noSecretIn("stderr", run.err());
        noSecretIn("report.json", report);
        // JUnit, SARIF, Markdown and HTML render from the same (redacted) report: none may hold a value either
        List<Path> written;
        try (var files = Files.list(tmp)) {
            written = files.filter(f -> !f.equals(spec) && !f.getFileName().toString().equals("report.json")).sorted().toList();
        }
        assertEquals(4, written.size(), "every other format was written: " + written);
        for (Path f : written) {
            String text = Files.readString(f);
            // SARIF holds only diagnoses and rule findings (code-scanning locations), not the checks' evidence
            if (!f.toString().endsWith(".sarif")) assertTrue(text.contains("***"), f.getFileName() + " shows the mask where a value was");
            noSecretIn(f.getFileName().toString(), text);
        }
    }

    @Test
    void aMissingSecretValueStopsBeforeAnythingStarts(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("shakedown.yml");
        Files.copy(Path.of("src/test/resources/secrets/leaky.yml"), spec);
        var run = CliRun.of(Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD)::get, "validate", spec.toString(), "--out", tmp.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("the spec declares secret(s) with no value in the environment: API_KEY"), run.err());
        assertEquals("", run.out());
    }
}
