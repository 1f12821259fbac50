package io.shakedown.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The problems found in one rule pack file, each with its field path and its line (from the spec reader's line table). */
final class PackErrors {

    /** A path into the file: "rules[2].when.file" for people, "/rules/2/when/file" for the line table. */
    record At(String display, String pointer) {
        static final At ROOT = new At("", "");

        At key(String k) {
            return new At(display.isEmpty() ? k : display + "." + k, pointer + "/" + k.replace("~", "~0").replace("/", "~1"));
        }

        At index(int i) {
            return new At(display + "[" + i + "]", pointer + "/" + i);
        }
    }

    private final String file;
    private final Map<String, Integer> lines;
    private final List<RuleError> errors = new ArrayList<>();

    PackErrors(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    String file() {
        return file;
    }

    void add(At at, String message) {
        errors.add(new RuleError(file, at.display(), message, line(at)));
    }

    List<RuleError> list() {
        return errors;
    }

    int count() {
        return errors.size();
    }

    /** The line of the field, or of the nearest enclosing one the line table knows. */
    Integer line(At at) {
        for (String ptr = at.pointer(); ; ptr = ptr.substring(0, ptr.lastIndexOf('/'))) {
            Integer l = lines.get(ptr);
            if (l != null) return l;
            if (ptr.isEmpty()) return null;
        }
    }
}
