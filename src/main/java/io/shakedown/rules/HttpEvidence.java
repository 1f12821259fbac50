package io.shakedown.rules;

import io.shakedown.report.Report.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The {@code http} condition: the rule's own probe (sent by {@link RuleInputs} within the run's probe budget), or,
 * without a request, every response the checks already got. Every expectation given must hold for one response.
 */
final class HttpEvidence {
    private HttpEvidence() {}

    static ConditionResult http(Condition.Http h, RuleInputs ev) {
        if (h.request() != null) return probed(h, ev.probe(h.request()));
        List<RuleInputs.Exchange> exchanges = ev.passive();
        if (exchanges.isEmpty()) return ConditionResult.UNKNOWN;
        return matching(h, exchanges);
    }

    /** The condition judged on its probe's answer: unknown when the probe was not sent or got no answer. */
    static ConditionResult probed(Condition.Http h, Optional<RuleInputs.Exchange> x) {
        if (x.isEmpty() || x.get().status() < 0) return ConditionResult.UNKNOWN;
        return matching(h, List.of(x.get()));
    }

    private static ConditionResult matching(Condition.Http h, List<RuleInputs.Exchange> exchanges) {
        List<Match> out = new ArrayList<>();
        for (RuleInputs.Exchange x : exchanges) {
            if (x.status() < 0) continue;
            Match m = match(h, x);
            if (m != null) out.add(m);
        }
        return ConditionResult.holds(out);
    }

    /** The evidence of one exchange meeting every expectation of {@code h}, or null. */
    private static Match match(Condition.Http h, RuleInputs.Exchange x) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("status", String.valueOf(x.status()));
        StringBuilder text = new StringBuilder(x.request()).append(" → ").append(x.status());
        if (h.status() != null && !h.status().matcher(String.valueOf(x.status())).matches()) return null;
        for (var e : h.headers().entrySet()) {
            String value = x.header(e.getKey());
            Matcher m = value == null ? null : e.getValue().matcher(value);
            if (m == null || !m.find()) return null;
            v.putIfAbsent("value", value);
            v.put(headerVar(e.getKey()), value);
            Match.groups(m, v);
            text.append("; ").append(e.getKey()).append(": ").append(value);
        }
        for (String name : h.headersAbsent()) {
            if (x.header(name) != null) return null;
            text.append("; no ").append(name);
        }
        if (h.stackTrace()) {
            var trace = StackTraces.find(x.body());
            if (trace.isEmpty()) return null;
            v.putIfAbsent("value", trace.get().format() + " stack trace: " + Match.abbreviate(trace.get().excerpt(), 200));
            v.put("where", trace.get().excerpt());
            text.append("; ").append(trace.get().format()).append(" stack trace in the body: \"")
                    .append(Match.abbreviate(trace.get().excerpt(), 240)).append('"');
        }
        if (h.body() != null) {
            Matcher m = x.body() == null ? null : h.body().matcher(x.body());
            if (m == null || !m.find()) return null;
            v.putIfAbsent("value", Match.value(m));
            Match.groups(m, v);
            text.append("; body: \"").append(excerptAround(x.body(), m.start(), m.end())).append('"');
        }
        if (h.jsonValues() != null) {
            var held = x.json() == null ? List.<JsonValues.Entry>of() : JsonValues.holding(h.jsonValues(), x.json());
            if (held.isEmpty()) return null;
            String keys = JsonValues.name(held);
            String count = String.valueOf(JsonValues.count(held));
            v.putIfAbsent("value", keys);
            v.put("keys", keys);
            v.put("key", held.getFirst().key());
            if (held.getFirst().source() != null) v.put("source", held.getFirst().source());
            v.put("count", count);
            text.append(h.jsonValues().masked() ? "; " + count + " JSON value(s), every one masked (******)"
                    : "; " + count + " JSON value(s) shown unmasked: " + JsonValues.nameWithLengths(held));
        }
        return new Match(text.toString(), new Location("http", null, null, x.request()), v);
    }

    /** A header name as a message variable: Access-Control-Allow-Origin → accessControlAllowOrigin. */
    static String headerVar(String header) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : header.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) { up = true; continue; }
            sb.append(sb.isEmpty() ? Character.toLowerCase(c) : up ? Character.toUpperCase(c) : Character.toLowerCase(c));
            up = false;
        }
        return sb.toString();
    }

    private static String excerptAround(String body, int start, int end) {
        int from = Math.max(0, start - 60);
        int to = Math.min(body.length(), Math.max(end, start + 1) + 100);
        return (from > 0 ? "…" : "") + body.substring(from, to).replaceAll("\\s+", " ") + (to < body.length() ? "…" : "");
    }
}
