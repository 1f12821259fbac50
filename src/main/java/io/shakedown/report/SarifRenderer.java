package io.shakedown.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 (what GitHub code scanning uploads) for what Shakedown found wrong with the app as a
 * static-analysis tool would: the rule findings (issue #4) and, when readiness failed, its diagnosis
 * (LOOPBACK_ONLY, EXITED, …) as a result of rule {@code readiness/<KIND>}. Failed endpoint checks are
 * tests, not findings: they go to JUnit. An operation that breaks the app's own OpenAPI contract is one result of
 * rule {@code contract/<kind>} (server-error, schema, ...), with the operation as a logical location. Locations point at the spec file (what is in the repository);
 * a finding inside the image adds the image path as a logical location.
 */
public final class SarifRenderer {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final JsonNodeFactory json = JsonNodeFactory.instance;
    private final String specUri;

    public SarifRenderer(ReportFormat.RenderOptions options) {
        String path = options == null ? null : options.specPath();
        this.specUri = path == null || path.isBlank() ? "shakedown.yml" : path.replace('\\', '/').replaceFirst("^\\./", "");
    }

    public String render(Report report) {
        return render(report, ReportFindings.of(report));
    }

    public String render(Report report, List<RenderedFinding> findings) {
        ObjectNode log = json.objectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Shakedown");
        driver.put("semanticVersion", "1.0.0");

        var rules = new ArrayList<String>();
        ArrayNode ruleNodes = driver.putArray("rules");
        for (DiagnosisKind kind : DiagnosisKind.values()) {
            rules.add(diagnosisRule(kind));
            ObjectNode r = ruleNodes.addObject();
            r.put("id", diagnosisRule(kind));
            r.put("name", camel(kind.name()));
            r.putObject("shortDescription").put("text", kind.description());
            r.putObject("help").put("text", "Readiness diagnosis " + kind + " — see docs/report.md, \"Diagnosis kinds\".");
            r.putObject("defaultConfiguration").put("level", level(kind.level()));
        }
        for (RenderedFinding f : findings) {
            if (rules.contains(f.ruleId())) continue;
            rules.add(f.ruleId());
            ObjectNode r = ruleNodes.addObject();
            r.put("id", f.ruleId());
            r.putObject("shortDescription").put("text", f.title() == null ? f.ruleId() : f.title());
            if (f.helpUri() != null) r.put("helpUri", f.helpUri());
            r.putObject("help").put("text", f.title() == null ? f.ruleId() : f.title());
            r.putObject("defaultConfiguration").put("level", level(f.level()));
        }

        var contractFailures = contractFailures(report);
        for (var op : contractFailures) {
            String id = contractRule(op);
            if (rules.contains(id)) continue;
            rules.add(id);
            ObjectNode r = ruleNodes.addObject();
            r.put("id", id);
            r.putObject("shortDescription").put("text", CONTRACT_RULES.getOrDefault(id.substring("contract/".length()), "The app breaks its OpenAPI contract"));
            r.putObject("help").put("text", "An answer that breaks the app's own OpenAPI document — see docs/report.md, \"Contract\".");
            r.putObject("defaultConfiguration").put("level", "error");
        }

        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.verdict() != Verdict.ERROR);
        if (report.startedAt() != null) invocation.put("startTimeUtc", report.startedAt().toString());
        if (report.finishedAt() != null) invocation.put("endTimeUtc", report.finishedAt().toString());
        if (report.error() != null) {
            ObjectNode note = invocation.putArray("toolExecutionNotifications").addObject();
            note.putObject("message").put("text", report.error());
            note.put("level", "error");
        }
        run.putObject("automationDetails").put("id", "shakedown/" + nz(report.app()) + "/" + nz(report.environment()) + "/"
                + (report.runId() == null ? "" : report.runId()));
        ObjectNode props = run.putObject("properties");
        if (report.verdict() != null) props.put("verdict", report.verdict().name());
        if (report.summary() != null) props.put("summary", report.summary());

        ArrayNode results = run.putArray("results");
        var d = report.readiness() == null ? null : report.readiness().diagnosis();
        if (d != null && d.kind() != null) {
            String id = diagnosisRule(d.kind());
            ObjectNode result = result(results, id, rules.indexOf(id), level(d.kind().level()),
                    d.summary() + (d.hint() == null ? "" : " Fix: " + d.hint()), null, report);
            if (d.evidence() != null) result.putObject("properties").set("evidence", strings(d.evidence()));
        }
        for (RenderedFinding f : findings) {
            ObjectNode result = result(results, f.ruleId(), rules.indexOf(f.ruleId()), level(f.level()),
                    f.message() == null ? nz(f.title()) : f.message(), f.location(), report);
            if (f.evidence() != null && !f.evidence().isEmpty()) result.putObject("properties").set("evidence", strings(f.evidence()));
        }
        for (var op : contractFailures) {
            String id = contractRule(op);
            String operation = Evidence.operationName(op);
            ObjectNode result = result(results, id, rules.indexOf(id), "error", operation + (op.origin().equals("contract") ? "" : " (" + op.origin() + ")")
                    + " breaks the OpenAPI contract: " + Evidence.violationsText(op, true).replace('\n', ';'), null, report);
            ObjectNode logical = ((ObjectNode) result.get("locations").get(0)).putArray("logicalLocations").addObject();
            logical.put("fullyQualifiedName", operation);
            logical.put("kind", "function");
            // one alert per operation and kind, stable across runs
            ((ObjectNode) result.get("partialFingerprints")).put("shakedownRule/v1", id + "|" + op.method() + " " + op.path() + "|"
                    + nz(report.app()) + "|" + nz(report.environment()));
            result.putObject("properties").put("evidence", Evidence.contractEvidence(op));
        }
        browserResults(report, rules, ruleNodes, results);
        return ReportJson.writeTree(log);
    }

    /** What the browser saw that fails a page, one result each (warnings stay out: they are the noise SARIF consumers alert on). */
    private void browserResults(Report report, List<String> rules, ArrayNode ruleNodes, ArrayNode results) {
        if (report.browser() == null || report.browser().pages() == null) return;
        for (var page : report.browser().pages()) {
            if (page.problems() == null) continue;
            for (var p : page.problems()) {
                if (p.waived() || p.severity() != Severity.ERROR) continue;
                String id = "browser/" + p.kind();
                if (!rules.contains(id)) {
                    rules.add(id);
                    ObjectNode r = ruleNodes.addObject();
                    r.put("id", id);
                    r.putObject("shortDescription").put("text", "Browser: " + BROWSER_KINDS.getOrDefault(p.kind(), p.kind()));
                    r.putObject("help").put("text", "A page opened in headless Chromium — see docs/spec.md, \"browser\".");
                    r.putObject("defaultConfiguration").put("level", "error");
                }
                ObjectNode result = result(results, id, rules.indexOf(id), "error", "page " + page.path() + ": " + p.describe(), null, report);
                result.putObject("partialFingerprints").put("shakedownRule/v1",
                        id + "|" + nz(report.app()) + "|" + nz(report.environment()) + "|" + page.path() + "|" + p.message());
            }
        }
    }

    private static final java.util.Map<String, String> BROWSER_KINDS = java.util.Map.of(
            "exception", "an uncaught exception in the page",
            "console", "an error in the page's console",
            "request", "a request to the app's own origin failed",
            "blank", "the page rendered nothing",
            "threshold", "a page timing over its threshold",
            "load", "the page did not finish loading");

    /** The contract's violation kinds as rules (docs/report.md, "Contract"). */
    private static final Map<String, String> CONTRACT_RULES = Map.of(
            "server-error", "An operation answered a server error (5xx)",
            "schema", "A response body does not conform to its documented schema",
            "null", "A response holds a null its documented schema does not allow",
            "status", "An operation answered a status its document does not list",
            "content-type", "A response's Content-Type is not documented",
            "header", "A documented required response header is missing",
            "negative", "Invalid input was not refused with a 4xx",
            "transport", "A documented operation gave no HTTP answer");

    /** Failing contract exchanges, one per operation (the first failing exchange of each). */
    private static List<Report.ContractOperation> contractFailures(Report report) {
        if (report.contract() == null) return List.of();
        var byOperation = new LinkedHashMap<String, Report.ContractOperation>();
        for (var op : report.contract().operations()) {
            if (op.status() == StageStatus.FAILED) byOperation.putIfAbsent(op.method() + " " + op.path(), op);
        }
        return List.copyOf(byOperation.values());
    }

    /** contract/KIND of the exchange's first failing violation. */
    private static String contractRule(Report.ContractOperation op) {
        return "contract/" + op.violations().stream().filter(Report.ContractViolation::fails).findFirst().map(Report.ContractViolation::kind).orElse("schema");
    }

    private ObjectNode result(ArrayNode results, String ruleId, int ruleIndex, String level, String message,
                              RenderedFinding.Location where, Report report) {
        ObjectNode r = results.addObject();
        r.put("ruleId", ruleId);
        r.put("ruleIndex", ruleIndex);
        r.put("level", level);
        r.putObject("message").put("text", message);
        ObjectNode location = r.putArray("locations").addObject();
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", specUri);
        int line = where != null && where.line() != null && where.line() > 0 ? where.line() : 1;
        physical.putObject("region").put("startLine", line);
        if (where != null && "image".equals(where.kind()) && where.path() != null) {
            ObjectNode logical = location.putArray("logicalLocations").addObject();
            logical.put("fullyQualifiedName", imageOf(report) + ":" + where.path());
            logical.put("kind", "resource");
        }
        // Code scanning matches alerts across runs by this: the same rule on the same app is the same alert.
        r.putObject("partialFingerprints").put("shakedownRule/v1", ruleId + "|" + nz(report.app()) + "|" + nz(report.environment()));
        return r;
    }

    private static String imageOf(Report report) {
        return report.target() != null && report.target().image() != null ? report.target().image() : "image";
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode a = json.arrayNode();
        values.forEach(a::add);
        return a;
    }

    static String level(RenderedFinding.Level s) {
        return switch (s == null ? RenderedFinding.Level.WARNING : s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "note";
        };
    }

    static String diagnosisRule(DiagnosisKind kind) {
        return "readiness/" + kind.name();
    }

    private static String camel(String kind) {
        var sb = new StringBuilder();
        for (String part : kind.toLowerCase().split("_")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
