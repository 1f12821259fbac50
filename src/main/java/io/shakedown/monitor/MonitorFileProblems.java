package io.shakedown.monitor;

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
