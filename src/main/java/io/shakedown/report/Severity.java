package io.shakedown.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How bad a rule finding is. {@code error} fails the run by default; see {@code rules.failOn} in the spec. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** The lower-case word rule packs, reports and the spec's rules.failOn use. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is at least as bad as {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /** The severity written {@code id} (error, warning, info), or null when there is none by that word. */
    public static Severity ofId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
