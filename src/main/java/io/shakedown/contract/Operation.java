package io.shakedown.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One documented operation: method, path template, operationId, where it is in the document (JSON pointer) and its
 * parameters (path-item and operation level, local {@code $ref}s followed).
 */
public record Operation(String method, String path, String operationId, String pointer, JsonNode node, List<Parameter> parameters) {

    /** {@code in}: path, query, header or cookie; {@code schema} already dereferenced (may be null). */
    public record Parameter(String name, String in, boolean required, JsonNode node, JsonNode schema) {}

    /** GET and HEAD (and OPTIONS, TRACE) change nothing; the others only run when the spec opts in. */
    public boolean safe() {
        return !List.of("POST", "PUT", "PATCH", "DELETE").contains(method);
    }

    /** "GET /items/{id} (getItem)". */
    public String describe() {
        return method + " " + path + (operationId == null ? "" : " (" + operationId + ")");
    }

    /** True when a request path (no query) is an instance of this operation's template: /items/1 of /items/{id}. */
    public boolean matchesPath(String requestPath) {
        return template().matcher(requestPath).matches();
    }

    private Pattern template() {
        var sb = new StringBuilder();
        Matcher m = Pattern.compile("\\{[^}/]+}").matcher(path);
        int last = 0;
        while (m.find()) {
            sb.append(Pattern.quote(path.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        sb.append(Pattern.quote(path.substring(last)));
        return Pattern.compile(sb + "/?");
    }
}
