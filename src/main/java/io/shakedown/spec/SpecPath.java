package io.shakedown.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A location in a spec document: {@code checks[2].expect.json["$.items"].minSize} for people,
 * {@code /checks/2/expect/json/$.items/minSize} (a JSON pointer) for the line table.
 */
record SpecPath(List<Object> segments) {

    static final SpecPath ROOT = new SpecPath(List.of());
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    SpecPath key(String name) {
        var s = new ArrayList<>(segments);
        s.add(name);
        return new SpecPath(List.copyOf(s));
    }

    SpecPath index(int i) {
        var s = new ArrayList<>(segments);
        s.add(i);
        return new SpecPath(List.copyOf(s));
    }

    SpecPath parent() {
        return segments.isEmpty() ? this : new SpecPath(segments.subList(0, segments.size() - 1));
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** True if this path is {@code other} or lies inside it. */
    boolean startsWith(SpecPath other) {
        return other.segments.size() <= segments.size() && segments.subList(0, other.segments.size()).equals(other.segments);
    }

    String pointer() {
        var sb = new StringBuilder();
        for (Object s : segments) {
            sb.append('/').append(s.toString().replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        for (Object s : segments) {
            if (s instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else if (PLAIN_KEY.matcher((String) s).matches()) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(s);
            } else {
                sb.append("[\"").append(((String) s).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
            }
        }
        return sb.toString();
    }
}
