package io.shakedown.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.PathNotFoundException;
import io.shakedown.report.Report.AssertionResult;
import io.shakedown.spec.CheckSpec.JsonAssertion;
import java.util.ArrayList;
import java.util.List;

/** JSONPath assertions over a response body ({@link JsonPaths}). */
final class JsonAssertions {
    private JsonAssertions() {}

    static List<AssertionResult> evaluate(JsonNode body, List<JsonAssertion> assertions) {
        List<AssertionResult> out = new ArrayList<>();
        for (JsonAssertion a : assertions) {
            JsonNode value;
            boolean found;
            try {
                value = JsonPaths.read(body, a.path());
                found = true;
            } catch (PathNotFoundException e) {
                value = null;
                found = false;
            }
            String actual = found ? abbreviate(value) : "(absent)";
            String at = "json " + a.path();
            if (a.exists() != null) out.add(new AssertionResult(at + " exists", String.valueOf(a.exists()), String.valueOf(found), found == a.exists()));
            if (a.equals() != null) out.add(new AssertionResult(at + " equals", abbreviate(a.equals()), actual, found && sameValue(a.equals(), value)));
            if (a.type() != null) out.add(new AssertionResult(at + " type", a.type(), found ? typeOf(value) : "(absent)", found && hasType(value, a.type())));
            if (a.minSize() != null) out.add(new AssertionResult(at + " minSize", String.valueOf(a.minSize()), found ? sizeText(value) : "(absent)",
                    found && size(value) >= a.minSize()));
            if (a.maxSize() != null) out.add(new AssertionResult(at + " maxSize", String.valueOf(a.maxSize()), found ? sizeText(value) : "(absent)",
                    found && size(value) >= 0 && size(value) <= a.maxSize()));
            if (a.matches() != null) out.add(new AssertionResult(at + " matches", a.matches().pattern(), actual,
                    found && value != null && a.matches().matcher(value.isTextual() ? value.asText() : value.toString()).find()));
        }
        return out;
    }

    /** 1 equals 1.0; otherwise Jackson's structural equality. */
    static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (actual == null) return expected.isNull();
        if (expected.isNumber() && actual.isNumber()) return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        return expected.equals(actual);
    }

    static String typeOf(JsonNode v) {
        if (v == null || v.isNull()) return "null";
        if (v.isIntegralNumber()) return "integer";
        if (v.isNumber()) return "number";
        if (v.isTextual()) return "string";
        if (v.isBoolean()) return "boolean";
        if (v.isArray()) return "array";
        return v.isObject() ? "object" : v.getNodeType().name().toLowerCase();
    }

    static boolean hasType(JsonNode v, String type) {
        String actual = typeOf(v);
        return actual.equals(type) || ("number".equals(type) && "integer".equals(actual));
    }

    private static int size(JsonNode v) {
        if (v == null) return -1;
        if (v.isArray() || v.isObject()) return v.size();
        if (v.isTextual()) return v.asText().length();
        return -1;
    }

    private static String sizeText(JsonNode v) {
        int n = size(v);
        return n < 0 ? typeOf(v) + " (has no size)" : "size " + n;
    }

    private static String abbreviate(JsonNode v) {
        String s = v == null ? "null" : v.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
