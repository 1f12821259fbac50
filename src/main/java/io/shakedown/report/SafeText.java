package io.shakedown.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Text that every place a report goes can hold: PostgreSQL {@code jsonb}/{@code text} (no U+0000), XML 1.0 (no C0
 * controls but tab, newline and CR; no lone surrogates; no U+FFFE/U+FFFF), JSON, Markdown and HTML. Evidence comes
 * from the app under test and may hold any bytes; what cannot be stored becomes U+FFFD, and a body that is not
 * text at all (an image, a protobuf, a gzip stream) is described rather than decoded.
 */
public final class SafeText {
    /** How many leading bytes of a binary body a report shows, in hex. */
    public static final int BINARY_EXCERPT_BYTES = 32;

    private SafeText() {}

    /** {@code s} with every character XML 1.0 or PostgreSQL refuses replaced by U+FFFD; null stays null. */
    public static String clean(String s) {
        if (s == null || isClean(s)) return s;
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            sb.appendCodePoint(allowed(cp) ? cp : 0xFFFD);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static boolean isClean(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!allowed(cp)) return false;
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /** {@code len} bytes from {@code off} as UTF-8 (invalid sequences become U+FFFD), cleaned. */
    public static String decode(byte[] bytes, int off, int len) {
        return clean(new String(bytes, off, len, StandardCharsets.UTF_8));
    }

    /**
     * True when a body is not text: a NUL byte in its first 8 KiB, a media type that is never text (images,
     * audio, video, fonts, archives, protobuf, octet-stream), or mostly bytes that are not UTF-8.
     */
    public static boolean looksBinary(byte[] body, int len, String contentType) {
        if (contentType != null && binaryType(contentType.toLowerCase(Locale.ROOT))) return true;
        int n = Math.min(len, 8192);
        for (int i = 0; i < n; i++) if (body[i] == 0) return true;
        if (n == 0) return false;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(body, 0, n));
            return false;
        } catch (CharacterCodingException e) {
            // a cut multi-byte sequence at the end of the sample is fine; count the invalid bytes
            int bad = 0;
            String s = new String(body, 0, n, StandardCharsets.UTF_8);
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\uFFFD') bad++;
            return bad * 3 > s.length(); // more than a third undecodable: not text in any useful sense
        }
    }

    private static boolean binaryType(String ct) {
        String type = ct.split(";", 2)[0].strip();
        if (type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.equals("application/x-www-form-urlencoded") || type.contains("yaml") || type.contains("csv")) return false;
        return type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/") || type.startsWith("font/")
                || type.equals("application/octet-stream") || type.contains("zip") || type.contains("gzip")
                || type.contains("protobuf") || type.contains("grpc") || type.contains("msgpack") || type.equals("application/pdf")
                || type.contains("x-tar") || type.contains("wasm");
    }

    /** "binary body (image/png, 1234 bytes); first 32 bytes: 89504e47…", what a report keeps of a body that is not text. */
    public static String binarySummary(byte[] body, int len, long totalBytes, String contentType) {
        int n = Math.min(len, BINARY_EXCERPT_BYTES);
        return "binary body (" + (contentType == null || contentType.isBlank() ? "no content type" : clean(contentType)) + ", "
                + totalBytes + " bytes); first " + n + " bytes: " + HexFormat.of().formatHex(body, 0, n) + (totalBytes > n ? "…" : "");
    }

    /**
     * A body as a report keeps it: a binary body described ({@link #binarySummary}); text decoded, cleaned and cut
     * to {@code maxChars} (with "…" when cut). {@code len} bytes of {@code body} were kept out of {@code totalBytes}.
     */
    public static String bodyExcerpt(byte[] body, int len, long totalBytes, String contentType, int maxChars) {
        if (body == null || len == 0) return "";
        if (looksBinary(body, len, contentType)) return binarySummary(body, len, totalBytes, contentType);
        String s = decode(body, 0, Math.min(len, maxChars * 4));
        return s.length() > maxChars ? s.substring(0, maxChars) + "…" : s;
    }

    /** Every string in a report (values and keys) {@link #clean}ed; the same report when nothing needed it. */
    public static Report clean(Report report) {
        var mapper = ReportJson.mapper();
        var tree = mapper.valueToTree(report);
        if (!needsCleaning(tree)) return report;
        try {
            return mapper.treeToValue(ReportJson.mapStrings(tree, SafeText::clean), Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report could not be cleaned", e);
        }
    }

    private static boolean needsCleaning(JsonNode n) {
        if (n.isTextual()) return !isClean(n.textValue());
        var it = n.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!isClean(e.getKey()) || needsCleaning(e.getValue())) return true;
        }
        if (n.isArray()) for (var item : n) if (needsCleaning(item)) return true;
        return false;
    }


}
