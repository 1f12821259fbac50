package io.shakedown.probe;

import java.nio.charset.StandardCharsets;

/** Size-capped text excerpts for reports, so one huge body cannot bloat a stored run. */
public final class Excerpts {
    private Excerpts() {}

    public static String text(byte[] body, int maxChars) {
        if (body == null || body.length == 0) return "";
        String s = new String(body, 0, Math.min(body.length, maxChars * 4), StandardCharsets.UTF_8);
        return s.length() > maxChars ? s.substring(0, maxChars) + "…" : s;
    }

    public static String oneLine(String s, int maxChars) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > maxChars ? flat.substring(0, maxChars) + "…" : flat;
    }
}
