package io.shakedown.monitor;

import io.shakedown.document.DocumentReader;
import io.shakedown.document.SchemaCheck;
import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problems found while reading one monitors file (or API body), each with its path ({@code monitors[1].every})
 * and line; thrown all at once, in line order, as a {@link DocumentException}.
 */
final class MonitorFileProblems {

    private static final Pattern PATH_SEGMENT = Pattern.compile("\\[(\\d+)]|\\[\"((?:[^\"\\\\]|\\\\.)*)\"]|\\.?([^.\\[]+)");

    private final Map<String, Integer> lines;
    private final List<DocumentError> errors = new ArrayList<>();

    /** {@code lines}: the line of each JSON pointer ({@code DocumentReader.Document#lines()}). */
    MonitorFileProblems(Map<String, Integer> lines) {
        this.lines = lines;
    }

    void add(String path, String message) {
        errors.add(new DocumentError(path, message, lineOf(path)));
    }

    /** Whether {@code path} already has a problem (a value the schema refused is not checked further). */
    boolean has(String path) {
        return errors.stream().anyMatch(e -> e.path().equals(path));
    }

    void addAll(List<DocumentError> found) {
        errors.addAll(found);
    }

    /**
     * The schema's findings ({@link io.shakedown.document.SchemaCheck} already leaves out a missing field whose mapping
     * has a misspelling of it), less a missing field that may be given as another one instead ({@code alternatives}:
     * every or cron) when that other one is misspelt ({@code crn: "0 * * * *"}): the typo's did-you-mean says the fix.
     */
    void addStructural(JsonNode root, List<DocumentError> found, Map<String, List<String>> alternatives) {
        for (DocumentError e : found) {
            String field = e.path().substring(e.path().lastIndexOf('.') + 1);
            String parent = e.path().substring(0, e.path().length() - field.length());
            boolean misspelt = alternatives.containsKey(field) && root.at(pointer(e.path())).isMissingNode()
                    && found.stream().anyMatch(x -> x.path().startsWith(parent) && x.path().indexOf('.', parent.length()) < 0
                            && alternatives.get(field).stream().anyMatch(f -> x.message().contains("did you mean \"" + f + "\"")));
            if (misspelt) continue;
            // a channel's secret is never repeated in an error (it would reach CI logs and API responses)
            errors.add(e.path().endsWith(".secret") ? new DocumentError(e.path(), e.message().replaceFirst(", got .*$", ""), e.line()) : e);
        }
    }

    void throwIfAny() throws DocumentException {
        if (errors.isEmpty()) return;
        var sorted = new ArrayList<>(errors.stream().distinct().toList());
        sorted.sort(Comparator.comparing(DocumentError::line, Comparator.nullsFirst(Comparator.naturalOrder())));
        throw new DocumentException(sorted);
    }

    /** {@code p.field}, or {@code field} at the top. */
    static String at(String p, String field) {
        return p.isEmpty() ? field : p + "." + field;
    }

    /** The line of a path, or of its nearest ancestor that has one. */
    private Integer lineOf(String path) {
        String pointer = pointer(path);
        while (true) {
            Integer l = lines.get(pointer);
            if (l != null || pointer.isEmpty()) return l;
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
    }

    /** {@code monitors[1].spec.checks[0]["a.b"]} → {@code /monitors/1/spec/checks/0/a.b}. */
    static String pointer(String path) {
        var sb = new StringBuilder();
        Matcher m = PATH_SEGMENT.matcher(path);
        while (m.find()) {
            if (m.group(1) != null) sb.append('/').append(m.group(1));
            else if (m.group(2) != null) sb.append('/').append(escape(m.group(2).replace("\\\"", "\"").replace("\\\\", "\\")));
            else if (m.group(3) != null && !m.group(3).isEmpty()) sb.append('/').append(escape(m.group(3)));
        }
        return sb.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
