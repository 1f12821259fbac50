package io.shakedown.document;

import java.util.List;
import java.util.stream.Collectors;

/** A document (spec, rule pack, monitors file) that cannot be used, with every problem found (not just the first). */
public class DocumentException extends Exception {
    private final List<DocumentError> errors;

    public DocumentException(List<DocumentError> errors) {
        super(errors.stream().map(DocumentError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<DocumentError> errors() {
        return errors;
    }
}
