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
 */
public final class Redactor {
    public static final String MASK = "***";
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> forms; // longest first, so a value inside another is not half-replaced

    private Redactor(List<String> forms) {
        this.forms = forms;
    }

    public static Redactor of(Collection<String> values) {
        var forms = new LinkedHashSet<String>();
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
        return new Redactor(List.copyOf(sorted));
    }

    public boolean isEmpty() {
        return forms.isEmpty();
    }

    public String redact(String s) {
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

    /** A listener that only ever sees redacted events. */
    public RunListener wrap(RunListener listener) {
        if (forms.isEmpty()) return listener;
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
