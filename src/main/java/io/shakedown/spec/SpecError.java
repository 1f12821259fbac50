package io.shakedown.spec;

/**
 * One problem in a spec, pointing at the field by path ({@code checks[2].expect.status}) and, when the
 * spec came from text, at its line.
 */
public record SpecError(String path, String message, Integer line) {

    @Override
    public String toString() {
        return (path == null || path.isEmpty() ? "(spec)" : path) + ": " + message + (line == null ? "" : " (line " + line + ")");
    }
}
