package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The Contract section in every format: the document, each exchange with its violations, one SARIF result per failing operation. */
class ContractRenderersTest {

    static Report withContract() {
        var r = RenderersTest.failedCheck();
        var drift = new Report.ContractOperation("GET", "/items/{id}", "getItem", "contract", StageStatus.FAILED,
                new Report.RequestEvidence("GET", "http://127.0.0.1:1234/items/1", Map.of("Accept", "application/json"), null),
                new Report.ResponseEvidence(200, Map.of("content-type", List.of("application/json")), "{\"id\": \"1\"}", 11, false),
                List.of(new Report.ContractViolation("schema", "fail", "/id", "string found, integer expected", "\"1\""),
                        new Report.ContractViolation("status", "warn", null, "a documented status: 200", "203")));
        var again = new Report.ContractOperation("GET", "/items/{id}", "getItem", "check one item", StageStatus.FAILED, drift.request(),
                drift.response(), drift.violations());
        var ok = new Report.ContractOperation("GET", "/items", "listItems", "contract", StageStatus.PASSED,
                new Report.RequestEvidence("GET", "http://127.0.0.1:1234/items", Map.of(), null),
                new Report.ResponseEvidence(200, Map.of(), "[]", 2, false), List.of());
        var crash = new Report.ContractOperation("GET", "/stats", null, "contract", StageStatus.FAILED,
                new Report.RequestEvidence("GET", "http://127.0.0.1:1234/stats", Map.of(), null),
                new Report.ResponseEvidence(500, Map.of(), RenderersTest.NASTY, 40, false),
                List.of(new Report.ContractViolation("server-error", "fail", null, "not a server error (no 5xx)", "500")));
        var contract = new Report.Contract(StageStatus.FAILED,
                new Report.ContractDocument("discovered", "/openapi.json", "3.0.3", "shop", "1.2", 4, List.of("/v3/api-docs (404)"), null),
                List.of(ok, drift, again, crash), List.of(new Report.SkippedOperation("POST", "/items", "createItem", "unsafe method")),
                new Report.ContractBudget(200, 60000, 3, 42, false), "3 of 4 contract exchange(s) failed: GET /items/{id} [getItem] …");
        var stages = new java.util.ArrayList<>(r.stages());
        stages.add(stages.size() - 1, new Report.Stage("contract", StageStatus.FAILED, 42, contract.failure()));
        return new Report(r.reportVersion(), r.runId(), r.app(), r.environment(), r.verdict(), r.summary(), r.target(), r.startedAt(),
                r.finishedAt(), r.durationMs(), List.copyOf(stages), r.readiness(), r.checks(), r.log(), r.error(), r.framework(), r.findings(),
                r.performance(), r.flows(), r.assets(), r.lint(), r.browser(), r.dependencies(), contract);
    }

    @Test
    void everyFormatIsValidWithAContract() {
        ReportSchemas.assertEveryFormatValid(withContract());
    }

    @Test
    void sarifHasOneResultPerFailingOperationNamedAndLocated() {
        JsonNode run = ReportSchemas.assertValidSarif(new SarifRenderer(null).render(withContract())).get("runs").get(0);
        JsonNode results = run.get("results");
        assertEquals(2, results.size()); // getItem failed twice (contract and a check): one result; /stats one
        assertEquals("contract/schema", results.get(0).get("ruleId").asText());
        assertEquals("GET /items/{id} (getItem)", results.get(0).at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
        assertTrue(results.get(0).at("/message/text").asText().contains("schema at /id: expected string found, integer expected, got \"1\""));
        assertEquals("contract/server-error", results.get(1).get("ruleId").asText());
        JsonNode rule = run.at("/tool/driver/rules").get(results.get(0).get("ruleIndex").asInt());
        assertEquals("contract/schema", rule.get("id").asText());
    }

    @Test
    void junitHasACasePerExchangeWithTheViolationsAsTheFailure() throws Exception {
        var doc = RenderersTest.xml(new JUnitRenderer().render(withContract()));
        var cases = doc.getElementsByTagName("testcase");
        Element drift = null;
        int contractCases = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            var c = (Element) cases.item(i);
            if (!c.getAttribute("classname").endsWith(".contract")) continue;
            contractCases++;
            if (c.getAttribute("name").equals("GET /items/{id} (getItem)")) drift = c;
        }
        assertEquals(4, contractCases);
        var failure = (Element) drift.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("schema at /id"), failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("GET http://127.0.0.1:1234/items/1"), failure.getTextContent());
    }

    @Test
    void markdownAndHtmlShowTheDocumentTheExchangesAndWhatFailed() {
        String md = new MarkdownRenderer(null).render(withContract());
        assertTrue(md.contains("### Contract"), md);
        assertTrue(md.contains("OpenAPI 3.0.3 document `/openapi.json` (discovered), 4 operation(s)"), md);
        assertTrue(md.contains("#### ❌ contract · GET /items/{id} (getItem)"), md);
        assertTrue(md.contains("1 operation(s) not exercised"), md);
        String html = new HtmlRenderer(null).render(withContract());
        ReportSchemas.assertSelfContainedHtml(html);
        assertTrue(html.contains("status: expected a documented status: 200, got 203 (warning)"), html);
        assertTrue(html.contains("POST /items (createItem): unsafe method"), html);
    }
}
