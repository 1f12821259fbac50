package io.shakedown.document;

import java.util.ArrayDeque;
import java.util.regex.Pattern;

/**
 * A location in a document: {@code checks[2].expect.json["$.items"].minSize} for people,
 * {@code /checks/2/expect/json/$.items/minSize} (a JSON pointer) for the line table. Immutable; extending a
 * path is O(1), its pointer text is made on first use (most paths a check builds are never reported).
 */
public final class DocumentPath {

    public static final DocumentPath ROOT = new DocumentPath(null, null, "");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final DocumentPath parent;
    private final Object segment; // String key or Integer index; null for the root
    private String pointer; // made on first use; racy but idempotent

    private DocumentPath(DocumentPath parent, Object segment, String pointer) {
        this.parent = parent;
        this.segment = segment;
        this.pointer = pointer;
    }

    public DocumentPath key(String name) {
        return new DocumentPath(this, name, null);
    }

    public DocumentPath index(int i) {
        return new DocumentPath(this, i, null);
    }

    public DocumentPath parent() {
        return parent == null ? this : parent;
    }

    public boolean isRoot() {
        return parent == null;
    }

    public String pointer() {
        String p = pointer;
        if (p == null) {
            p = parent.pointer() + "/" + (segment instanceof String name ? name.replace("~", "~0").replace("/", "~1") : segment);
            pointer = p;
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocumentPath other && other.pointer().equals(pointer());
    }

    @Override
    public int hashCode() {
        return pointer().hashCode();
    }

    @Override
    public String toString() {
        var segments = new ArrayDeque<Object>();
        for (DocumentPath p = this; p.parent != null; p = p.parent) segments.push(p.segment);
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
