package io.shakedown.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user flow: ordered steps that share captured values and a cookie jar. Request and expectation strings
 * may hold {@code ${...}} templates ({@link Template}); they are kept as written and resolved when the step runs.
 */
public record FlowSpec(String name, List<Step> steps) {

    /** One step: a request, what its response must look like, and the values to capture from it. */
    public record Step(String name, CheckSpec.RequestSpec request, CheckSpec.Expect expect,
                       @JsonProperty("capture") @JsonDeserialize(using = SpecBinding.Captures.class) List<Capture> captures) {
        public Step {
            if (name == null && request != null) name = request.method() + " " + request.path();
            if (expect == null) expect = CheckSpec.Expect.STATUS_2XX;
            captures = captures == null ? List.of() : List.copyOf(captures);
        }
    }

    /** Where a captured value comes from. */
    public enum Source { JSON, HEADER, REGEX, COOKIE }

    /**
     * A value taken from a step's response: {@code json} a JSONPath, {@code header} a header name,
     * {@code regex} a regex over the body (group 1 if it has one, else the whole match), {@code cookie} a cookie name.
     * {@code redact} (Hurl's {@code redact}): true masks the value in everything the run puts out, false shows it even
     * where it looks like a credential, null (not written) masks it when it is one ({@link #looksLikeCredential}).
     */
    public record Capture(String name, Source source, String expression, Boolean redact) {
        public Capture(String name, Source source, String expression) {
            this(name, source, expression, null);
        }

        /** Headers whose values are credentials: a value sent in them, or taken from them, is one. */
        public static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

        /** A cookie, or a credential header's value: a session or a token, whatever the spec calls it. */
        public boolean looksLikeCredential() {
            return source == Source.COOKIE || source == Source.HEADER && CREDENTIAL_HEADERS.contains(expression.toLowerCase(Locale.ROOT));
        }
    }
}
