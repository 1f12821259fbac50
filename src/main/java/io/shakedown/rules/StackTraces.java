package io.shakedown.rules;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Finds a server stack trace in a response body, however the server encoded it: raw text, an HTML page (tags and
 * entities, {@code &nbsp;at ...}), or a JSON string value ({@code "trace": "java.lang.X\n\tat com.acme..."} with
 * {@code \n}, {@code \t}, {@code \"} escaped the way every JSON encoder escapes them). The body is decoded first,
 * then searched for the frame formats of the JVM (Java, Kotlin, Scala), Python, Node, Go, Ruby and .NET. Two
 * frames (or a format's unmistakable header plus one frame) are needed, so prose that happens to say "at" is not a
 * trace.
 */
final class StackTraces {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A trace's format, its frame pattern, and the header line that alone makes one frame enough. */
    private record Format(String name, Pattern frame, Pattern header) {}

    private static final List<Format> FORMATS = List.of(
            new Format("JVM", Pattern.compile("(?m)^\\s*at [\\w$.<>/]+\\.[\\w$<>]+\\((?:[\\w$]+\\.(?:java|kt|scala|groovy|clj):\\d+|Native Method|Unknown Source)\\)"),
                    Pattern.compile("(?m)(?:^|\\s)(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::|$)|^Caused by: ")),
            new Format("Python", Pattern.compile("(?m)^\\s*File \"[^\"\\n]+\", line \\d+, in \\S+"),
                    Pattern.compile("Traceback \\(most recent call last\\)")),
            new Format("Node", Pattern.compile("(?m)^\\s*at (?:[^\\n()]+ \\()?(?:file://)?(?:/|node:|[A-Za-z]:\\\\)[^\\n()]*\\.(?:js|mjs|cjs|ts):\\d+:\\d+\\)?"),
                    Pattern.compile("(?m)^(?:\\w*Error|TypeError|ReferenceError|SyntaxError): ")),
            new Format("Go", Pattern.compile("(?m)^\\s+/[^\\s:]+\\.go:\\d+(?: \\+0x[0-9a-f]+)?$"),
                    Pattern.compile("(?m)^goroutine \\d+ \\[[a-z ]+\\]:|^panic: ")),
            new Format("Ruby", Pattern.compile("(?m)(?:^|\\s)/?[\\w./-]+\\.rb:\\d+:in [`'][^'\\n]+'"),
                    Pattern.compile("\\(\\w+(?:::\\w+)*Error\\)|\\w+Error \\(")),
            new Format(".NET", Pattern.compile("(?m)^\\s*at [\\w.`<>\\[\\],]+\\([^)\\n]*\\)(?: in [^\\n]+:line \\d+)?$"),
                    Pattern.compile("(?m)(?:^|\\s)System\\.[\\w.]*Exception:|--- End of stack trace from previous location ---|(?:^|\\s)Microsoft\\.[\\w.]+Exception:")));

    private StackTraces() {}

    /** A trace found: its format and its first frames, as a person would quote them. */
    record Trace(String format, String excerpt) {}

    static Optional<Trace> find(String body) {
        if (body == null || body.isBlank()) return Optional.empty();
        for (String text : decodings(body)) {
            for (Format f : FORMATS) {
                Matcher m = f.frame().matcher(text);
                List<String> frames = new ArrayList<>();
                int first = -1;
                while (m.find() && frames.size() < 3) {
                    if (first < 0) first = m.start();
                    frames.add(m.group().strip());
                }
                if (frames.size() >= 2 || (frames.size() == 1 && f.header().matcher(text).find())) {
                    return Optional.of(new Trace(f.name(), String.join(" | ", frames)));
                }
            }
        }
        return Optional.empty();
    }

    /** The body as sent, the text of its JSON string values (unescaped), and its HTML text (tags gone, entities decoded). */
    private static List<String> decodings(String body) {
        List<String> out = new ArrayList<>();
        out.add(body);
        String trimmed = body.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode tree = JSON.readTree(body);
                var sb = new StringBuilder();
                strings(tree, sb);
                out.add(sb.toString());
            } catch (IOException | RuntimeException e) {
                // a cut or invalid JSON body: unescape what looks like JSON escapes instead
                out.add(body.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\/", "/"));
            }
        } else if (body.contains("\\n\\tat ") || body.contains("\\n    at ")) {
            out.add(body.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\""));
        }
        if (body.contains("<")) {
            // <br> and block ends become line breaks, so frames stay one per line
            var doc = Jsoup.parse(body.replaceAll("(?i)<br\\s*/?>|</(?:p|div|li|tr|pre)>", "\n$0"));
            doc.outputSettings().prettyPrint(false);
            out.add(doc.wholeText().replace('\u00a0', ' '));
        }
        return out;
    }

    private static void strings(JsonNode n, StringBuilder sb) {
        if (n.isTextual()) sb.append(n.textValue()).append('\n');
        else if (n.isContainerNode()) n.forEach(c -> strings(c, sb));
    }
}
