package io.shakedown.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * "What failed and why" of a stored report (its JSON): the error, readiness, checks, flow steps, assets, performance and
 * error rules, for the places that only hold the JSON — monitor alerts and gate answers. At most {@link #MAX} entries.
 */
public final class ReportFailures {
    public static final int MAX = 10;

    /** One failure: what ({@code check health}) and why ({@code expected 200, got 503}). */
    public record Failure(String what, String why) {
        public String line() {
            return what + ": " + why;
        }
    }

    private ReportFailures() {}

    /** The failures as short lines ({@code check health: expected 200, got 503}). */
    public static List<String> lines(JsonNode report) {
        return of(report).stream().map(Failure::line).toList();
    }

    public static List<Failure> of(JsonNode r) {
        List<Failure> out = new ArrayList<>();
        if (r == null || r.isMissingNode() || r.isNull()) return out;
        if (r.hasNonNull("error")) out.add(new Failure("shakedown", r.get("error").asText()));
        JsonNode d = r.path("readiness").path("diagnosis");
        if ("FAILED".equals(r.path("readiness").path("status").asText()) && d.hasNonNull("summary")) {
            out.add(new Failure("readiness", d.get("summary").asText() + (d.hasNonNull("hint") ? " — " + d.get("hint").asText() : "")));
        }
        for (JsonNode c : r.path("checks")) {
            if ("FAILED".equals(c.path("status").asText())) out.add(new Failure("check " + c.path("name").asText(), c.path("failure").asText("failed")));
        }
        for (JsonNode f : r.path("flows")) {
            if ("FAILED".equals(f.path("status").asText())) {
                out.add(new Failure("flow " + f.path("name").asText() + (f.hasNonNull("failedStep") ? ", step " + f.get("failedStep").asText() : ""),
                        f.path("failure").asText("failed")));
            }
        }
        if ("FAILED".equals(r.path("assets").path("status").asText())) out.add(new Failure("assets", r.path("assets").path("failure").asText("failed")));
        for (JsonNode s : r.path("performance").path("scenarios")) {
            if ("FAILED".equals(s.path("status").asText())) out.add(new Failure("performance " + s.path("name").asText(), s.path("failure").asText("failed")));
        }
        for (JsonNode f : r.path("findings")) {
            if ("error".equals(f.path("severity").asText()) && !f.path("waived").asBoolean()) {
                out.add(new Failure("rule " + f.path("ruleId").asText(), f.path("title").asText()));
            }
        }
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : out;
    }
}
