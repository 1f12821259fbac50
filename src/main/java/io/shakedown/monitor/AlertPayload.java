package io.shakedown.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shakedown.report.ReportFailures;
import io.shakedown.secret.Redactor;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of an alert (the same JSON for every channel; Slack and e-mail render it as text): the monitor, the
 * change of state, what failed and why (from the run's report) and a link to the run. Secret values — the
 * monitor's channel secrets and credentials inside URLs — are masked everywhere in it.
 */
final class AlertPayload {
    private AlertPayload() {}

    static ObjectNode build(MonitorRow m, String kind, MonitorState from, MonitorState to, String reason, UUID runId,
                            String runStatus, String runSummary, JsonNode report, Instant at, String linkBase) {
        ObjectNode p = MonitorJson.MAPPER.createObjectNode();
        p.put("event", kind);
        ObjectNode monitor = p.putObject("monitor");
        monitor.put("id", m.id().toString());
        monitor.put("name", m.name());
        if (m.project() != null) monitor.put("project", m.project());
        JsonNode target = m.definition().spec().path("target");
        if (target.hasNonNull("url")) monitor.put("target", target.get("url").asText());
        else if (target.hasNonNull("image")) monitor.put("target", target.get("image").asText());
        monitor.put("link", linkBase + "/api/v1/monitors/" + m.id());
        ObjectNode change = p.putObject("state");
        change.put("from", from.name());
        change.put("to", to.name());
        if (reason != null) change.put("reason", reason);
        change.put("at", at.toString());
        if (runId != null) {
            ObjectNode run = p.putObject("run");
            run.put("id", runId.toString());
            if (runStatus != null) run.put("verdict", runStatus);
            if (runSummary != null) run.put("summary", runSummary);
            run.put("link", linkBase + "/api/v1/validations/" + runId);
            run.put("report", linkBase + "/api/v1/validations/" + runId + "/report?format=html");
        }
        ArrayNode failures = p.putArray("failures");
        ReportFailures.of(report).forEach(f -> failures.addObject().put("what", f.what()).put("why", f.why()));
        p.put("text", text(m, kind, from, to, reason, runSummary, failures, runId == null ? null : linkBase + "/api/v1/validations/" + runId));
        redact(p, redactor(m));
        return p;
    }

    private static String text(MonitorRow m, String kind, MonitorState from, MonitorState to, String reason, String summary,
                               ArrayNode failures, String link) {
        String head = switch (kind) {
            case "RECOVERED" -> "RECOVERED: " + m.name() + " is UP again (was " + from + ")";
            case "REMINDER" -> "STILL " + to + ": " + m.name();
            default -> kind + ": " + m.name() + " is " + to + " (was " + from + ")";
        };
        var sb = new StringBuilder(head);
        if (reason != null && !"RECOVERED".equals(kind)) sb.append("\n").append(reason);
        else if (summary != null) sb.append("\n").append(summary);
        for (JsonNode f : failures) sb.append("\n- ").append(f.path("what").asText()).append(": ").append(f.path("why").asText());
        if (link != null) sb.append("\nRun: ").append(link);
        return sb.toString();
    }

    static Redactor redactor(MonitorRow m) {
        List<String> secrets = new ArrayList<>();
        for (MonitorDefinition.Channel c : m.definition().channels()) {
            if (c.secret() != null) secrets.add(c.secret());
            userInfo(c.url(), secrets);
        }
        userInfo(m.definition().spec().path("target").path("url").asText(null), secrets);
        return Redactor.of(secrets);
    }

    private static void userInfo(String url, List<String> into) {
        if (url == null) return;
        try {
            String info = URI.create(url).getRawUserInfo();
            if (info != null && !info.isEmpty()) {
                into.add(info);
                int colon = info.indexOf(':');
                if (colon >= 0 && colon + 1 < info.length()) into.add(info.substring(colon + 1));
            }
        } catch (IllegalArgumentException e) {
            // not a URL: nothing to mask
        }
    }

    private static void redact(JsonNode node, Redactor r) {
        if (r.isEmpty()) return;
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isTextual()) e.setValue(TextNode.valueOf(r.redact(e.getValue().asText())));
                else redact(e.getValue(), r);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) a.set(i, TextNode.valueOf(r.redact(a.get(i).asText())));
                else redact(a.get(i), r);
            }
        }
    }
}
