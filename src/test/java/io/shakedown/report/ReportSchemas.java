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
                case HTML -> {
                    assertSelfContainedHtml(text);
                    assertEverySection(text, report);
                }
            }
        }
    }

    /** The sections every HTML report has, whatever the run did (a section says so when its stage did not run). */
    public static final java.util.List<String> HTML_SECTIONS =
            java.util.List.of("summary", "failures", "findings", "stages", "readiness", "checks", "flows", "assets", "browser", "contract", "performance", "log");

    /** Every section is there, in order, and the run's own parts (a failed check, a flow, a scenario) appear in theirs. */
    public static void assertEverySection(String html, Report report) {
        int at = -1;
        for (String id : HTML_SECTIONS) {
            int found = html.indexOf("id=\"" + id + "\"");
            assertTrue(found > at, "section #" + id + " present and in order in the HTML report");
            at = found;
        }
        String flows = section(html, "flows");
        if (report.flows() != null) report.flows().forEach(f -> assertTrue(flows.contains(escape(f.name())), "flow " + f.name() + " listed"));
        String perf = section(html, "performance");
        if (report.performance() != null && report.performance().scenarios() != null) {
            report.performance().scenarios().forEach(sc -> {
                assertTrue(perf.contains(escape(sc.name())), "scenario " + sc.name() + " listed");
                if (sc.figures() != null) assertTrue(perf.contains("<svg") && perf.contains(sc.figures().p95() + " ms"), "latency chart with p95: " + perf);
            });
        }
        String assets = section(html, "assets");
        if (report.assets() != null && report.assets().pages() != null) {
            report.assets().pages().forEach(p -> assertTrue(assets.contains(escape(p.path())), "page " + p.path() + " listed"));
        }
        String browser = section(html, "browser");
        if (report.browser() != null && report.browser().pages() != null) {
            report.browser().pages().forEach(p -> assertTrue(browser.contains(escape(p.path())), "page " + p.path() + " listed in the browser section"));
        }
        if (report.checks() != null) report.checks().forEach(c -> assertTrue(section(html, "checks").contains(escape(c.name())), "check " + c.name()));
        if (report.contract() != null) {
            report.contract().operations().forEach(o -> assertTrue(section(html, "contract").contains(escape(o.method() + " " + o.path())),
                    "contract exchange " + o.method() + " " + o.path() + " listed"));
        }
    }

    private static String section(String html, String id) {
        int start = html.indexOf("id=\"" + id + "\"");
        int end = html.indexOf("</section>", start);
        return html.substring(start, end);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    public static void assertSelfContainedHtml(String html) {
        assertTrue(html.startsWith("<!DOCTYPE html>"), "doctype");
        assertTrue(html.strip().endsWith("</html>"), "complete document");
        String lower = html.toLowerCase();
        assertFalse(lower.contains("<script"), "no scripts");
        assertFalse(lower.contains("<link"), "no external stylesheets");
        assertFalse(lower.replace(" src=\"data:image/", "").contains(" src="), "no external images or frames (screenshots are data: URIs)");
        String css = lower.substring(lower.indexOf("<style>"), lower.indexOf("</style>"));
        assertFalse(css.contains("@import") || css.contains("url("), "no external resources from CSS");
    }
}
