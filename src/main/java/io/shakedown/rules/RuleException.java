package io.shakedown.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Rule files that cannot be loaded; every problem with its file, field and line. */
public final class RuleException extends RuntimeException {
    private final List<RuleError> errors;

    public RuleException(List<RuleError> errors) {
        super("invalid rule files (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + "):\n  "
                + errors.stream().map(RuleError::toString).collect(Collectors.joining("\n  ")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
