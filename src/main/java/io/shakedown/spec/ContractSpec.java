package io.shakedown.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code contract:} hold the app to its own OpenAPI document (docs/spec.md#contract). {@code openapi} is a path on
 * the app ("/v3/api-docs"), a file next to the spec, or null (the well-known paths are tried); when it names a file,
 * the spec reader puts the file's text in {@code documentText}. {@code parameters} and {@code headers} may hold
 * {@code ${secrets.NAME}} templates, resolved when the stage runs.
 */
public record ContractSpec(
        String openapi,
        String documentText,
        Map<String, String> parameters,
        Map<String, String> headers,
        List<String> ignore,
        boolean unsafe,
        boolean negative,
        Budget budget,
        Severities severity) {

    public ContractSpec {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        if (budget == null) budget = new Budget(0, null);
        if (severity == null) severity = new Severities(null, null, null, null, null, null, null);
    }

    /** True when {@code openapi} names a path on the app rather than a file next to the spec. */
    public boolean documentOnTheApp() {
        return openapi != null && openapi.startsWith("/");
    }

    /** What a class of violation does to the verdict. */
    public enum Severity { FAIL, WARN, OFF }

    /** The most requests and time the stage may spend. */
    public record Budget(int requests, Duration duration) {
        public static final int DEFAULT_REQUESTS = 200;
        public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

        public Budget {
            if (requests == 0) requests = DEFAULT_REQUESTS;
            if (duration == null) duration = DEFAULT_DURATION;
        }
    }

    /**
     * Per class of violation: a 5xx and a schema violation fail by default, as does an undocumented content type; an
     * undocumented status, a missing required header and a null where the schema's type does not allow one warn (many
     * frameworks answer null for an optional field without documenting it nullable: FastAPI with pydantic 1,
     * smallrye-openapi and springdoc for a plain String).
     */
    public record Severities(Severity serverError, Severity schema, Severity status, Severity contentType, Severity headers,
                             Severity negative, Severity nulls) {
        public Severities {
            if (serverError == null) serverError = Severity.FAIL;
            if (schema == null) schema = Severity.FAIL;
            if (status == null) status = Severity.WARN;
            if (contentType == null) contentType = Severity.FAIL;
            if (headers == null) headers = Severity.WARN;
            if (negative == null) negative = Severity.FAIL;
            if (nulls == null) nulls = Severity.WARN;
        }
    }
}
