package io.shakedown.rules;

/** One problem in a rule file: the file, the field (rules[2].when.file.matches) and the line. */
public record RuleError(String file, String path, String message, Integer line) {
    @Override
    public String toString() {
        return file + (line == null ? "" : ":" + line) + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
