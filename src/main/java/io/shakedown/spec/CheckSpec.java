package io.shakedown.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** One declared endpoint check: a request and what its response must look like. */
public record CheckSpec(String name, RequestSpec request, Expect expect) {

    public CheckSpec {
        if (expect == null) expect = Expect.STATUS_2XX;
    }

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

        public RequestSpec {
            method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            query = query == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(query));
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }
    }

    /**
     * Expectations; status defaults to 2xx, everything else is optional. {@code schema} is a JSON Schema the
     * body must conform to (inline, or loaded from a file next to the spec when it was parsed).
     */
    public record Expect(
            StatusMatcher status,
            Map<String, Pattern> headers,
            @JsonDeserialize(using = SpecBinding.JsonAssertions.class) List<JsonAssertion> json,
            BodyExpect body,
            Duration maxDuration,
            JsonNode schema) {

        /** No expect written: any 2xx status. */
        public static final Expect STATUS_2XX = new Expect(null, null, null, null, null, null);

        public Expect {
            if (status == null) status = StatusMatcher.ANY_2XX;
            if (headers == null) {
                headers = Map.of();
            } else if (!(headers instanceof TreeMap)) { // names are case-insensitive
                var byName = new TreeMap<String, Pattern>(String.CASE_INSENSITIVE_ORDER);
                byName.putAll(headers);
                headers = Collections.unmodifiableMap(byName);
            }
            json = json == null ? List.of() : List.copyOf(json);
        }
    }

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
