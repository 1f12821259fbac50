package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.report.ReportJson;
import io.shakedown.support.ExampleImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot command's contract: exit codes, progress, report.json, and spec errors with lines. */
class ShakedownCliTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return new ShakedownCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void passedExitsZeroAndWritesTheReport() throws Exception {
        ExampleImages.ensureBuilt();
        int code = run("validate", "examples/hello-api/shakedown.yml", "--out", tmp.toString());
        assertEquals(0, code, out() + err());
        assertTrue(out().contains("✓ readiness"), out());
        assertTrue(out().contains("PASSED — "), out());
        JsonNode report = ReportJson.mapper().readTree(Files.readString(tmp.resolve("report.json")));
        assertEquals(1, report.get("reportVersion").asInt());
        assertEquals("PASSED", report.get("verdict").asText());
        assertEquals("hello-api", report.get("app").asText());
        // one run, every format
        for (var f : io.shakedown.report.ReportFormat.values()) assertTrue(Files.size(tmp.resolve(f.fileName())) > 0, f.fileName());
        io.shakedown.report.ReportSchemas.assertValidJUnit(Files.readString(tmp.resolve("junit.xml")));
        var sarif = io.shakedown.report.ReportSchemas.assertValidSarif(Files.readString(tmp.resolve("report.sarif")));
        assertEquals("PASSED", sarif.at("/runs/0/properties/verdict").asText());
        assertTrue(Files.readString(tmp.resolve("summary.md")).startsWith("## ✅ Shakedown PASSED — hello-api (ci)"));
    }

    @Test
    void formatOptionChoosesTheFilesAndRejectsUnknownNames() throws Exception {
        assertEquals(2, run("validate", "examples/hello-api/shakedown.yml", "--format", "junit,pdf"));
        assertTrue(err().contains("--format: unknown format in 'junit,pdf'; known: json, junit, sarif, markdown, html, all"), err());
    }

    @Test
    void failedExitsOneWithTheDiagnosis() {
        ExampleImages.ensureBuilt();
        int code = run("validate", "examples/broken/wrong-port/shakedown.yml", "--out", tmp.toString());
        assertEquals(1, code, out() + err());
        assertTrue(out().contains("why:  the app listens on 0.0.0.0:3000"), out());
        assertTrue(out().contains("fix:  set target.port: 3000"), out());
    }

    @Test
    void errorExitsTwo() {
        int code = run("validate", "examples/missing-image/shakedown.yml", "--out", tmp.toString());
        assertEquals(2, code, out() + err());
        assertTrue(out().contains("ERROR — image shakedown-example/does-not-exist:1.0 is not present locally"), out());
    }

    @Test
    void invalidSpecNamesFieldAndLine() throws Exception {
        Path spec = tmp.resolve("shakedown.yml");
        Files.writeString(spec, """
                app: demo
                target:
                  imgae: demo:1
                  port: 8080
                checks:
                  - name: x
                    request: { path: /x }
                    expect: { status: 700 }
                """);
        int code = run("validate", spec.toString());
        assertEquals(2, code);
        assertTrue(err().contains("invalid spec"), err());
        assertTrue(err().contains("shakedown.yml:3: target.imgae: unknown field"), err());
        assertTrue(err().contains("shakedown.yml:8: checks[0].expect.status:"), err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run());
        assertEquals(2, run("validate"));
        assertTrue(err().contains("validate needs a spec file"), err());
        assertEquals(2, run("validate", "no-such.yml"));
        assertTrue(err().contains("no such spec file: no-such.yml"), err());
        assertEquals(2, run("frobnicate"));
        assertEquals(0, run("schema"));
        assertTrue(out().contains("\"title\": \"Shakedown spec\""), out());
    }

    @Test
    void printsEachFormatsSchemaForEditors() {
        assertEquals(0, run("schema", "rule-pack"));
        assertTrue(out().contains("\"$schema\"") && out().contains("\"rules\""), out());
        assertEquals(0, run("schema", "monitors"));
        assertTrue(out().contains("\"monitors\""), out());
        assertEquals(2, run("schema", "rulepack"));
        assertTrue(err().contains("unknown format \"rulepack\"; did you mean \"rule-pack\"?"), err());
    }
}
