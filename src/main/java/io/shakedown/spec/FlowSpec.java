package io.shakedown.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

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
     */
    public record Capture(String name, Source source, String expression) {}
}
