package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every diagnosis kind through every report format: each shows the kind with the description and level the enum
 * carries (SARIF used to keep its own table, which had drifted: the Kubernetes kinds and CONTAINER_REMOVED came out as
 * a generic "not ready" rule), and docs/report.md lists it.
 */
class DiagnosisKindsTest {

    /** The readiness failure of RenderersTest, with this kind (through the JSON, so new report fields need no change here). */
    static Report failedWith(DiagnosisKind kind) {
        return ReportJson.read(ReportJson.write(RenderersTest.loopbackOnly()).replace("\"LOOPBACK_ONLY\"", "\"" + kind.name() + "\""));
    }

    @ParameterizedTest
    @EnumSource(DiagnosisKind.class)
    void everyFormatShowsTheKindWithItsDescription(DiagnosisKind kind) throws Exception {
        Report report = failedWith(kind);
        assertEquals(kind, report.readiness().diagnosis().kind());
        for (ReportFormat format : ReportFormat.values()) {
            String text = format.render(report, ReportFormat.RenderOptions.none());
            switch (format) {
                case JSON -> assertEquals(kind.name(), ReportJson.mapper().readTree(text).at("/readiness/diagnosis/kind").asText());
                case SARIF -> {
                    JsonNode run = ReportSchemas.assertValidSarif(text).at("/runs/0");
                    JsonNode result = run.at("/results/0");
                    assertEquals("readiness/" + kind.name(), result.get("ruleId").asText());
                    assertEquals(SarifRenderer.level(kind.level()), result.get("level").asText());
                    JsonNode rule = run.at("/tool/driver/rules").get(result.get("ruleIndex").asInt());
                    assertEquals("readiness/" + kind.name(), rule.get("id").asText());
                    assertEquals(kind.description(), rule.at("/shortDescription/text").asText());
                    assertEquals(SarifRenderer.level(kind.level()), rule.at("/defaultConfiguration/level").asText());
                }
                case JUNIT -> {
                    ReportSchemas.assertValidJUnit(text);
                    assertTrue(text.contains("type=\"" + kind.name() + "\""), text);
                    assertTrue(text.contains(xml(kind.description())), text);
                }
                case MARKDOWN -> assertTrue(text.contains(kind.name() + " — " + kind.description()), text);
                case HTML -> assertTrue(text.contains(">" + kind.name() + "</b> <span class=\"meta\">(" + html(kind.description()) + ")"), text);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DiagnosisKind.class)
    void sarifListsEveryKindAsARuleWithItsLevel(DiagnosisKind kind) {
        JsonNode rules = ReportSchemas.assertValidSarif(new SarifRenderer(null).render(RenderersTest.failedCheck())).at("/runs/0/tool/driver/rules");
        JsonNode rule = rules.get(kind.ordinal());
        assertEquals("readiness/" + kind.name(), rule.get("id").asText());
        assertEquals(kind.description(), rule.at("/shortDescription/text").asText());
    }

    @ParameterizedTest
    @EnumSource(DiagnosisKind.class)
    void docsReportListsEveryKind(DiagnosisKind kind) throws Exception {
        String docs = Files.readString(Path.of("docs/report.md"));
        int table = docs.indexOf("## Diagnosis kinds");
        assertTrue(table > 0 && docs.indexOf("`" + kind.name() + "`", table) > 0, "docs/report.md, Diagnosis kinds, misses " + kind);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String html(String s) {
        return xml(s).replace("'", "&#39;");
    }
}
