package io.shakedown.rules;

import java.util.Locale;

/** How bad a finding is. {@code error} fails the run by default; see {@code rules.failOn} in the spec. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is at least as bad as {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
