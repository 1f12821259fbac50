package io.shakedown.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One declared endpoint check: a request and what its response must look like. */
public record CheckSpec(String name, RequestSpec request, Expect expect) {

    /**
     * The request. {@code body} is raw text; {@code json} is sent as application/json.
     * At most one of body/json is set. Header and query values are plain strings.
     */
    public record RequestSpec(
            String method,
            String path,
            Map<String, String> headers,
            Map<String, String> query,
            String body,
            JsonNode json,
            Duration timeout) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    }

    /**
     * Expectations; status defaults to 2xx, everything else is optional. {@code schema} is a JSON Schema the
     * body must conform to (inline, or loaded from a file next to the spec when it was parsed).
     */
    public record Expect(
            StatusMatcher status,
            Map<String, Pattern> headers,
            List<JsonAssertion> json,
            BodyExpect body,
            Duration maxDuration,
            JsonNode schema) {}

    /** Body text expectations: a substring and/or a regex found anywhere. */
    public record BodyExpect(String contains, Pattern matches) {}

    /**
     * An assertion on the value at a JSONPath. Only the set fields are checked.
     * {@code type} is one of string, number, integer, boolean, object, array, null.
     */
    public record JsonAssertion(
            String path,
            JsonNode equals,
            String type,
            Boolean exists,
            Integer minSize,
            Integer maxSize,
            Pattern matches) {}
}
