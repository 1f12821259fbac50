package io.shakedown.secret;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shakedown.run.RunEvent;
import io.shakedown.run.RunListener;
import io.shakedown.report.Report;
import io.shakedown.report.ReportJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Replaces secret values with {@code ***} in everything a run puts out: events, the report (every string in
 * it: evidence, log lines, messages), error messages. Besides the value as is, it also catches the forms it
 * takes on the way out: URL-encoded (a query string), JSON-escaped up to three levels deep (a body excerpt, an
 * echoed body quoted in a message) and Base64 (a Basic Authorization header echoed back). A value the app
 * transforms in other ways (upper-cased, HTML entities, hashed) is not recognised.
 *
 * <p>A run's redactor grows while the run goes: a credential a flow captures (a bearer token, a session cookie) is
 * {@linkplain #add added} when it is captured, and everything put out after that masks it too.
 */
public final class Redactor {
    public static final String MASK = "***";
    public static final Redactor NONE = new Redactor(List.of(), true);
    /** A value this short added during a run would mask innocent text all over a report ("1", "ok"): it is not added. */
    static final int MIN_ADDED_LENGTH = 4;

    private volatile List<String> forms; // longest first, so a value inside another is not half-replaced
    private final boolean fixed;

    private Redactor(List<String> forms, boolean fixed) {
        this.forms = forms;
        this.fixed = fixed;
    }

    public static Redactor of(Collection<String> values) {
        return new Redactor(forms(values, List.of()), false);
    }

    /** Masks {@code value} from now on, in every form; false when it was too short to mask safely. */
    public synchronized boolean add(String value) {
        if (fixed) throw new UnsupportedOperationException("Redactor.NONE takes no values");
        if (value == null || value.length() < MIN_ADDED_LENGTH) return false;
        forms = forms(List.of(value), forms);
        return true;
    }

    private static List<String> forms(Collection<String> values, List<String> existing) {
        var forms = new LinkedHashSet<String>(existing);
        for (String v : values) {
            if (v == null || v.isEmpty()) continue;
            forms.add(v);
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
            // JSON-escaped, also JSON inside JSON (an echoed body quoted in a message): up to three levels
            String escaped = v;
            for (int level = 0; level < 3; level++) {
                String json = TextNode.valueOf(escaped).toString();
                escaped = json.substring(1, json.length() - 1);
                forms.add(escaped);
            }
            forms.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
        var sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(sorted);
    }

    public boolean isEmpty() {
        return forms.isEmpty();
    }

    public String redact(String s) {
        List<String> forms = this.forms;
        if (s == null || forms.isEmpty()) return s;
        for (String f : forms) {
            if (s.contains(f)) s = s.replace(f, MASK);
        }
        return s;
    }

    public RunEvent redact(RunEvent e) {
        if (forms.isEmpty()) return e;
        return new RunEvent(e.at(), e.type(), redact(e.stage()), redact(e.status()), redact(e.message()));
    }

    /** A listener that only ever sees redacted events (with the values known when each event is sent). */
    public RunListener wrap(RunListener listener) {
        if (fixed) return listener;
        return event -> listener.onEvent(redact(event));
    }

    /** The report with every string in it (values and keys) redacted. */
    public Report redact(Report report) {
        if (forms.isEmpty()) return report;
        var mapper = ReportJson.mapper();
        JsonNode tree = mapper.valueToTree(report);
        JsonNode clean = ReportJson.mapStrings(tree, this::redact);
        try {
            return mapper.treeToValue(clean, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report could not be redacted", e);
        }
    }
}
