package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.report.ReportJson;
import io.shakedown.support.ExampleImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot command's contract: exit codes, progress, report.json, and spec errors with lines. */
class ShakedownCliTest {
    @TempDir
    Path tmp;

    @Test
    void passedExitsZeroAndWritesTheReport() throws Exception {
        ExampleImages.ensureBuilt();
        var r = CliRun.of("validate", "examples/hello-api/shakedown.yml", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("✓ readiness"), r.out());
        assertTrue(r.out().contains("PASSED — "), r.out());
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
        var r = CliRun.of("validate", "examples/hello-api/shakedown.yml", "--format", "junit,pdf");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--format: unknown format in 'junit,pdf'; known: json, junit, sarif, markdown, html, all"), r.err());
    }

    @Test
    void failedExitsOneWithTheDiagnosis() {
        ExampleImages.ensureBuilt();
        var r = CliRun.of("validate", "examples/broken/wrong-port/shakedown.yml", "--out", tmp.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("why:  the app listens on 0.0.0.0:3000"), r.out());
        assertTrue(r.out().contains("fix:  set target.port: 3000"), r.out());
    }

    @Test
    void errorExitsTwo() {
        var r = CliRun.of("validate", "examples/missing-image/shakedown.yml", "--out", tmp.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ERROR — image shakedown-example/does-not-exist:1.0 is not present locally"), r.out());
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
        var r = CliRun.of("validate", spec.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("invalid spec"), r.err());
        assertTrue(r.err().contains("shakedown.yml:3: target.imgae: unknown field"), r.err());
        assertTrue(r.err().contains("shakedown.yml:8: checks[0].expect.status:"), r.err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, CliRun.of().exit());
        var noSpec = CliRun.of("validate");
        assertEquals(2, noSpec.exit());
        assertTrue(noSpec.err().contains("validate needs a spec file"), noSpec.err());
        var noFile = CliRun.of("validate", "no-such.yml");
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().contains("no such spec file: no-such.yml"), noFile.err());
        assertEquals(2, CliRun.of("frobnicate").exit());
        var schema = CliRun.of("schema");
        assertEquals(0, schema.exit());
        assertTrue(schema.out().contains("\"title\": \"Shakedown spec\""), schema.out());
    }

    @Test
    void printsEachFormatsSchemaForEditors() {
        var rulePack = CliRun.of("schema", "rule-pack");
        assertEquals(0, rulePack.exit());
        assertTrue(rulePack.out().contains("\"$schema\"") && rulePack.out().contains("\"rules\""), rulePack.out());
        var monitors = CliRun.of("schema", "monitors");
        assertEquals(0, monitors.exit());
        assertTrue(monitors.out().contains("\"monitors\""), monitors.out());
        var typo = CliRun.of("schema", "rulepack");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("unknown format \"rulepack\"; did you mean \"rule-pack\"?"), typo.err());
    }
}
