package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.api.ApiAuth;
import io.shakedown.support.ExampleImages;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shakedown submit} of a spec that declares secrets and names a schema file: it sends the submission
 * envelope with the values from its environment and the file from next to the spec, against the real service.
 */
@QuarkusTest
class SubmitWithSecretsTest {
    static final String ADMIN_PASSWORD = "correct-horse-battery-staple";

    @TestHTTPResource("/")
    URL base;

    CliRun submit(Map<String, String> env, String... args) {
        return CliRun.of(env::get, args);
    }

    @Test
    void theSpecsSecretsAndFilesGoAlongAndNoOutputHoldsTheValue(@TempDir Path tmp) throws Exception {
        ExampleImages.ensureBuilt();
        String server = base.toString().replaceAll("/$", "");
        var r = submit(Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD, "SHAKEDOWN_TOKEN", ApiAuth.newToken("flows-submit")),
                "submit", "examples/flow-api/shakedown.yml", "--server", server, "--wait", "90", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("PASSED"), r.out());
        List<Path> reports;
        try (var files = Files.list(tmp)) {
            reports = files.sorted().toList();
        }
        assertEquals(5, reports.size(), reports.toString());
        for (var output : Map.of("stdout", r.out(), "stderr", r.err()).entrySet()) {
            assertFalse(output.getValue().contains("horse-battery"), output.getKey() + ": " + output.getValue());
        }
        for (Path f : reports) {
            String text = Files.readString(f);
            for (String form : SecretsNeverLeakCliTestForms.forms(ADMIN_PASSWORD)) assertFalse(text.contains(form), f + " holds " + form);
            assertFalse(text.contains("horse-battery"), f.toString());
        }
        var report = io.shakedown.report.ReportJson.mapper().readTree(tmp.resolve("report.json").toFile());
        assertEquals("***", report.at("/flows/1/steps/0/request/headers/X-Admin-Password").asText(), "the secret was sent, masked");
    }

    @Test
    void aMissingSecretValueStopsBeforeAnythingIsSent() {
        // no server listens on port 9: had it tried to send, the error would be "did not answer"
        var r = submit(Map.of(), "submit", "examples/flow-api/shakedown.yml", "--server", "http://127.0.0.1:9", "--token", "t");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("the spec declares secret(s) with no value in the environment: ADMIN_PASSWORD"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aReportThatCannotBeWrittenIsSaidSoAndNotBlamedOnTheServer(@TempDir Path tmp) throws Exception {
        String server = base.toString().replaceAll("/$", "");
        Path spec = Files.writeString(tmp.resolve("shakedown.yml"), "app: submit-unwritable\ntarget:\n  url: " + server + "\n");
        Path notAFolder = Files.writeString(tmp.resolve("out"), "a file where --out wants a folder");
        var r = submit(Map.of("SHAKEDOWN_TOKEN", ApiAuth.newToken("submit-unwritable")),
                "submit", spec.toString(), "--server", server, "--wait", "60", "--out", notAFolder.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("could not write the report to " + notAFolder), r.err());
        assertFalse(r.err().contains("did not answer"), r.err());
    }
}
