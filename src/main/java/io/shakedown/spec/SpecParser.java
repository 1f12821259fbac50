package io.shakedown.spec;

/** Reads a spec from YAML or JSON text, checks it, and fills in defaults. */
public final class SpecParser {

    /** Parses YAML or JSON (JSON is YAML); every problem found is reported at once in the exception. */
    public ValidationSpec parse(String text) throws SpecException {
        throw new UnsupportedOperationException("parser not written yet");
    }
}
