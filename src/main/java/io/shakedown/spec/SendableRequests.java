package io.shakedown.spec;

import io.shakedown.document.DocumentPath;
import io.shakedown.document.DocumentError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a spec asks Shakedown to send must be sendable: a request the JDK HTTP client refuses, or a container
 * setting Docker refuses, would otherwise crash the run half-way instead of being refused, with its field and
 * line, when the spec is read. Works on the document tree (not on the built spec), so it is independent of how
 * the structure is checked; it covers:
 * <ul>
 *   <li>header names and values of every request (checks, flow steps, performance requests): the headers the
 *       client sets itself (Host, Content-Length, Connection, Expect, Upgrade), names that are not HTTP tokens,
 *       values with control characters (CR, LF, NUL...) or characters outside printable ASCII;</li>
 *   <li>paths (and a query written in the path) of requests, readiness, asset pages and SPA routes: only what
 *       RFC 3986 allows is taken as is; a space, a backslash, a {@code "<>^`{|}} character, non-ASCII text or a
 *       {@code %} not followed by two hex digits is refused with its percent-encoded form as the suggestion
 *       (values under {@code query:} are encoded by Shakedown, so anything goes there);</li>
 *   <li>templates in performance requests, which the load generator sends verbatim;</li>
 *   <li>{@code target.resources.cpus} below Docker's minimum of 0.01.</li>
 * </ul>
 * Templates ({@code ${...}}) in checks and flows stand for a value known only at run time; the literal text
 * around them is checked here, the filled-in value when the request is built (a failed check, never a crash).
 */
final class SendableRequests {

    /**
     * Headers java.net.http sets itself and refuses from callers (jdk.internal.net.http.common.Utils
     * DISALLOWED_HEADERS_SET). Date, From, Origin, Referer, Via and Warning are allowed and sent as written.
     */
    static final Set<String> RESTRICTED_HEADERS = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        RESTRICTED_HEADERS.addAll(List.of("Connection", "Content-Length", "Expect", "Host", "Upgrade"));
    }

    /**
     * One RFC 3986 path or query character (percent escapes are checked apart). A character at a time: a repeated
     * alternation over the whole path recursed once per character in java.util.regex and overflowed the stack on a
     * path of some kilobytes.
     */
    private static final String URI_PUNCTUATION = "-._~!$&'()*+,;=:@/?";

    private static boolean isUriChar(int cp) {
        return cp < 0x80 && (Character.isLetterOrDigit(cp) || URI_PUNCTUATION.indexOf(cp) >= 0);
    }

    private final Function<DocumentPath, Integer> lineOf;
    private final List<DocumentError> errors = new ArrayList<>();

    private SendableRequests(Function<DocumentPath, Integer> lineOf) {
        this.lineOf = lineOf;
    }

    /** The problems of {@code root} (a spec document), each with its path and line; empty when everything can be sent. */
    static List<DocumentError> check(JsonNode root, Function<DocumentPath, Integer> lineOf) {
        var c = new SendableRequests(lineOf);
        if (root instanceof ObjectNode spec) c.spec(spec);
        return c.errors;
    }

    private void spec(ObjectNode spec) {
        DocumentPath root = DocumentPath.ROOT;
        forEach(spec.get("checks"), root.key("checks"), (p, check) -> request(p.key("request"), check.get("request"), true));
        forEach(spec.get("flows"), root.key("flows"), (fp, flow) ->
                forEach(flow.get("steps"), fp.key("steps"), (sp, step) -> request(sp.key("request"), step.get("request"), true)));
        if (spec.get("performance") instanceof ObjectNode perf) {
            forEach(perf.get("scenarios"), root.key("performance").key("scenarios"), (sp, scenario) ->
                    forEach(scenario.get("requests"), sp.key("requests"), (rp, weighted) -> request(rp.key("request"), weighted.get("request"), false)));
        }
        readiness(root.key("readiness"), spec.get("readiness"));
        if (spec.get("assets") instanceof ObjectNode assets) {
            for (String list : List.of("pages", "spaRoutes")) {
                JsonNode items = assets.get(list);
                if (items == null || !items.isArray()) continue;
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i).isTextual()) path(root.key("assets").key(list).index(i), items.get(i).textValue(), true);
                }
            }
        }
    }

    private void readiness(DocumentPath p, JsonNode n) {
        if (n instanceof ObjectNode o) {
            if (o.get("http") instanceof ObjectNode http && http.get("path") != null && http.get("path").isTextual()) {
                path(p.key("http").key("path"), http.get("path").textValue(), false);
            }
        } else if (n != null && n.isArray()) {
            for (int i = 0; i < n.size(); i++) readiness(p.index(i), n.get(i));
        }
    }

    private void request(DocumentPath p, JsonNode n, boolean templates) {
        if (!(n instanceof ObjectNode req)) return;
        JsonNode path = req.get("path");
        if (path != null && path.isTextual() && path.textValue().startsWith("/")) {
            if (templates || !template(p.key("path"), path.textValue())) path(p.key("path"), path.textValue(), templates);
        }
        if (req.get("headers") instanceof ObjectNode headers) {
            headers.properties().forEach(e -> {
                DocumentPath hp = p.key("headers").key(e.getKey());
                header(hp, e.getKey(), e.getValue(), templates);
            });
        }
        if (!templates) {
            if (req.get("query") instanceof ObjectNode q) q.properties().forEach(e -> {
                if (e.getValue().isTextual()) template(p.key("query").key(e.getKey()), e.getValue().textValue());
            });
            if (req.get("body") != null && req.get("body").isTextual()) template(p.key("body"), req.get("body").textValue());
            if (req.get("json") != null) jsonTemplates(p.key("json"), req.get("json"));
        }
    }

    private void header(DocumentPath p, String name, JsonNode value, boolean templates) {
        if (RESTRICTED_HEADERS.contains(name)) {
            error(p, "is set by Shakedown's HTTP client itself and cannot be sent from a spec (" + String.join(", ", RESTRICTED_HEADERS)
                    + " cannot); remove it" + ("host".equalsIgnoreCase(name)
                    ? " — to reach a virtual host, use a url target with that host name, or X-Forwarded-Host" : ""));
            return;
        }
        if (!SpecSemantics.HEADER_NAME.matcher(name).matches()) return; // the schema names an invalid header name already
        if (value == null || !value.isValueNode() || value.isNull()) return;
        String text = value.asText();
        if (!templates) {
            if (template(p, text)) return;
        }
        String literal = literal(text, templates);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '\t') continue;
            if (c < 0x20 || c == 0x7f) {
                error(p, "holds the control character " + describe(c) + " at position " + (i + 1)
                        + "; HTTP header values cannot carry CR, LF, NUL or other control characters");
                return;
            }
            if (c > 0x7e) {
                error(p, "holds the non-ASCII character '" + literal.charAt(i) + "' at position " + (i + 1)
                        + "; header values must be printable ASCII — percent-encode it ("
                        + URLEncoder.encode(String.valueOf(literal.charAt(i)), StandardCharsets.UTF_8) + ") or send it in the body");
                return;
            }
        }
        try {
            HttpRequest.newBuilder().header(name, literal); // the client's own check, in case it is stricter
        } catch (IllegalArgumentException e) {
            error(p, "cannot be sent by the HTTP client: " + e.getMessage());
        }
    }

    /** Checks a path with an optional query; returns nothing, reports what is wrong with the first bad character. */
    private void path(DocumentPath p, String value, boolean templates) {
        String literal = literal(value, templates);
        int hash = literal.indexOf('#');
        if (hash >= 0) {
            error(p, "holds a fragment (#" + literal.substring(hash + 1) + "); fragments are never sent to a server — remove it"
                    + (literal.substring(hash).length() > 1 ? ", or write %23 for a literal #" : ""));
            return;
        }
        for (int i = 0; i < literal.length(); ) {
            int cp = literal.codePointAt(i);
            int len = Character.charCount(cp);
            String ch = literal.substring(i, i + len);
            if (cp == '%') {
                if (i + 2 < literal.length() && literal.substring(i + 1, Math.min(literal.length(), i + 3)).matches("[0-9A-Fa-f]{2}")) {
                    i += 3;
                    continue;
                }
                error(p, "has a '%' at position " + (i + 1) + " that is not followed by two hex digits; write %25 for a literal %");
                return;
            }
            if (!isUriChar(cp)) {
                String encoded = encode(literal);
                error(p, "holds " + (cp < 0x20 || cp == 0x7f ? "the control character " + describe((char) cp) : cp == ' ' ? "a space"
                        : cp == '\\' ? "a backslash" : cp > 0x7e ? "the non-ASCII character '" + ch + "'" : "the character '" + ch + "'")
                        + " at position " + (i + 1) + ", which a URL cannot carry as is; Shakedown sends paths exactly as written, "
                        + "so percent-encode it: " + encoded + (value.contains("?") ? " (or move the query into query:, which is encoded for you)" : ""));
                return;
            }
            i += len;
        }
    }

    /**
     * A performance request's text holds {@code ${}: the load generator sends it exactly as written (nothing is
     * filled in, and {@code $${} is not unescaped either), so refuse it. True if reported.
     */
    private boolean template(DocumentPath p, String text) {
        int at = text.indexOf("${");
        if (at < 0) return false;
        int end = text.indexOf('}', at);
        String shown = end < 0 ? text.substring(at) : text.substring(at, end + 1);
        error(p, "holds " + shown + ", but performance requests are sent exactly as written (templates are filled in only in "
                + "checks and flows); write the value itself");
        return true;
    }

    private void jsonTemplates(DocumentPath p, JsonNode n) {
        if (n.isTextual()) template(p, n.textValue());
        else if (n.isObject()) n.properties().forEach(e -> jsonTemplates(p.key(e.getKey()), e.getValue()));
        else if (n.isArray()) for (int i = 0; i < n.size(); i++) jsonTemplates(p.index(i), n.get(i));
    }

    /** The text with every template reference replaced by a harmless placeholder ("x"); unreadable templates as written. */
    private static String literal(String text, boolean templates) {
        if (!templates || !Template.mayHaveRefs(text)) return text;
        try {
            var sb = new StringBuilder();
            for (Template.Part part : Template.parse(text).parts()) {
                sb.append(part instanceof Template.Literal l ? l.text() : "x");
            }
            return sb.toString();
        } catch (Template.Invalid e) {
            return "x"; // its own error is reported where templates are checked
        }
    }

    /** Percent-encodes what a URL path/query cannot carry, keeping what it can (and valid escapes) as written. */
    static String encode(String s) {
        var sb = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String ch = s.substring(i, i + Character.charCount(cp));
            if (cp == '%' && i + 2 < s.length() && s.substring(i + 1, Math.min(s.length(), i + 3)).matches("[0-9A-Fa-f]{2}")) sb.append(ch);
            else if (cp != '%' && isUriChar(cp)) sb.append(ch);
            else for (byte b : ch.getBytes(StandardCharsets.UTF_8)) sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            i += ch.length();
        }
        return sb.toString();
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR (\\r)";
            case '\n' -> "LF (\\n)";
            case 0 -> "NUL (\\u0000)";
            default -> String.format(Locale.ROOT, "U+%04X", (int) c);
        };
    }

    private interface Visitor {
        void visit(DocumentPath p, ObjectNode item);
    }

    private static void forEach(JsonNode list, DocumentPath p, Visitor v) {
        if (list == null || !list.isArray()) return;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof ObjectNode o) v.visit(p.index(i), o);
        }
    }

    private void error(DocumentPath p, String message) {
        errors.add(new DocumentError(p.toString(), message, lineOf.apply(p)));
    }
}
