package io.shakedown.document;

/**
 * One problem in a document people write (a spec, a rule pack, a monitors file), pointing at the field by path
 * ({@code checks[2].expect.status}) and, when the document came from text, at its line. A problem of the whole
 * document prints as {@code (spec)}, the word users of the first format know.
 */
public record DocumentError(String path, String message, Integer line) {

    @Override
    public String toString() {
        return (path == null || path.isEmpty() ? "(spec)" : path) + ": " + message + (line == null ? "" : " (line " + line + ")");
    }
}
