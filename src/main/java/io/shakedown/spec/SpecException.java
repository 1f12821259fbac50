package io.shakedown.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be used, with every problem found (not just the first). */
public class SpecException extends Exception {
    private final List<SpecError> errors;

    public SpecException(List<SpecError> errors) {
        super(errors.stream().map(SpecError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
