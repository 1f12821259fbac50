package io.shakedown.probe;

import io.shakedown.report.SafeText;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Size-capped text excerpts for reports, so one huge body cannot bloat a stored run. */
public final class Excerpts {
    private Excerpts() {}

    public static String text(byte[] body, int maxChars) {
        if (body == null || body.length == 0) return "";
        String s = SafeText.decode(body, 0, Math.min(body.length, maxChars * 4));
        return s.length() > maxChars ? s.substring(0, maxChars) + "…" : s;
    }

    /** A whole (capped) body as text for assertions and captures: UTF-8, invalid bytes as U+FFFD. */
    public static String text(byte[] body) {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** Response headers as a report keeps them: sorted by name, values cleaned ({@link SafeText}), no HTTP/2 pseudo-headers. */
    public static Map<String, List<String>> headers(HttpHeaders headers) {
        Map<String, List<String>> out = new TreeMap<>();
        headers.map().forEach((k, v) -> {
            if (!k.startsWith(":")) out.put(SafeText.clean(k), v.stream().map(SafeText::clean).toList());
        });
        return out;
    }

    public static String oneLine(String s, int maxChars) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > maxChars ? flat.substring(0, maxChars) + "…" : flat;
    }
}
