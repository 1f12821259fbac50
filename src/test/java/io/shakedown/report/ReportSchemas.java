package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.StringReader;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

/**
 * Validates rendered reports against the real published schemas (src/test/resources/schemas/README.md says
 * where each comes from): JUnit XML against Jenkins' junit-4.xsd, SARIF against the SARIF 2.1.0 JSON Schema.
 */
public final class ReportSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema junit;
    private static JsonSchema sarif;

    private ReportSchemas() {}

    public static synchronized void assertValidJUnit(String xml) {
        try {
            if (junit == null) {
                var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                junit = factory.newSchema(ReportSchemas.class.getResource("/schemas/jenkins-junit.xsd"));
            }
            junit.newValidator().validate(new StreamSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new AssertionError("JUnit XML does not validate against jenkins-junit.xsd: " + e.getMessage() + "\n" + xml, e);
        }
    }

    public static synchronized JsonNode assertValidSarif(String text) {
        try {
            if (sarif == null) {
                try (var in = ReportSchemas.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
                    sarif = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
                }
            }
            JsonNode node = JSON.readTree(text);
            Set<String> errors = sarif.validate(node).stream().map(Object::toString).collect(Collectors.toSet());
            assertEquals(Set.of(), errors, "SARIF does not validate against sarif-schema-2.1.0.json:\n" + text);
            return node;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Renders every format and checks each: schemas for JUnit and SARIF, shape for the rest. */
    public static void assertEveryFormatValid(Report report) {
        var options = new ReportFormat.RenderOptions("examples/x/shakedown.yml", null);
        for (ReportFormat f : ReportFormat.values()) {
            String text = f.render(report, options);
            switch (f) {
                case JSON -> {
                    try {
                        assertEquals(report.verdict().name(), JSON.readTree(text).get("verdict").asText());
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                }
                case JUNIT -> assertValidJUnit(text);
                case SARIF -> assertValidSarif(text);
                case MARKDOWN -> assertTrue(text.startsWith("## ") && text.contains(report.verdict().name()), text);
                case HTML -> assertSelfContainedHtml(text);
            }
        }
    }

    public static void assertSelfContainedHtml(String html) {
        assertTrue(html.startsWith("<!DOCTYPE html>"), "doctype");
        assertTrue(html.strip().endsWith("</html>"), "complete document");
        String lower = html.toLowerCase();
        assertFalse(lower.contains("<script"), "no scripts");
        assertFalse(lower.contains("<link"), "no external stylesheets");
        assertFalse(lower.contains(" src="), "no external images or frames");
        String css = lower.substring(lower.indexOf("<style>"), lower.indexOf("</style>"));
        assertFalse(css.contains("@import") || css.contains("url("), "no external resources from CSS");
    }
}
