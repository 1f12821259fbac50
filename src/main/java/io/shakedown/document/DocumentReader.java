package io.shakedown.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns the text of a document people write (a spec, a rule pack, a monitors file; YAML, or JSON) into a Jackson
 * tree plus a table of JSON pointer → 1-based line, so that later checks can say where a problem is. Syntax problems, multiple documents, duplicate keys, unsupported
 * tags and oversized input become {@link DocumentError}s; nothing else escapes.
 */
public final class DocumentReader {

    /** Deepest nesting accepted (mappings and lists), in YAML and JSON alike. */
    static final int MAX_DEPTH = 64;
    /** Most values a document may hold once YAML aliases are expanded (stops "billion laughs"). */
    static final int MAX_VALUES = 50_000;
    /**
     * Longest YAML line accepted, in characters. SnakeYAML slows down quadratically on very long tokens, and
     * no hand-written spec has such lines; JSON (read by Jackson) has no such limit.
     */
    static final int MAX_YAML_LINE = 100_000;
    /** Largest spec text accepted, in characters. */
    static final int MAX_CHARS = 2_000_000;

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The tree, where each value is (pointer → line), the raw text of scalars, and problems found. */
    public record Document(JsonNode root, Map<String, Integer> lines, Map<String, String> rawScalars, List<DocumentError> errors) {}

    /** Thrown inside the reader to stop at a problem that makes the rest unreadable. */
    static final class Stop extends RuntimeException {
        final DocumentError error;

        Stop(DocumentError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    final Map<String, Integer> lines = new HashMap<>();
    final Map<String, String> raw = new HashMap<>();
    final List<DocumentError> errors = new ArrayList<>();
    private int values;

    private DocumentReader() {}

    /** Reads {@code text}; when the result has no root, {@code errors} says why. */
    public static Document read(String text) {
        var reader = new DocumentReader();
        JsonNode root = null;
        try {
            root = reader.readAny(text == null ? "" : text);
        } catch (Stop stop) {
            reader.errors.add(stop.error);
        }
        return new Document(root, Map.copyOf(reader.lines), Map.copyOf(reader.raw), reader.errors.stream().distinct().toList());
    }

    private JsonNode readAny(String text) {
        if (text.length() > MAX_CHARS) {
            throw stop(null, "the spec is too large (" + text.length() + " characters; at most " + MAX_CHARS + ")");
        }
        if (text.isBlank()) {
            throw stop(1, "the spec is empty; expected a mapping with at least app and target");
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            // Looks like JSON: read it as JSON for exact JSON error messages. YAML flow style ({app: x}) is not
            // JSON, so if JSON fails but YAML reads it, take the YAML reading.
            try {
                return JsonReading.read(text, this);
            } catch (Stop jsonProblem) {
                lines.clear();
                raw.clear();
                errors.clear();
                values = 0;
                try {
                    return readYaml(text);
                } catch (Stop yamlProblem) {
                    throw jsonProblem;
                }
            }
        }
        return readYaml(text);
    }

    // ---------------------------------------------------------------- YAML

    /** YAML 1.2 core schema: only true/false are booleans (no yes/no/on/off), no sexagesimal, no timestamps. */
    /** Read-only once built (SnakeYAML only looks tags up in it), so one serves every read. */
    private static final Resolver CORE_RESOLVER = new CoreResolver();

    private static final class CoreResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
            addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?[0-9]+$"), "-+0123456789");
            addImplicitResolver(Tag.FLOAT,
                    Pattern.compile("^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), "-+.0123456789");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL)$"), "~nN");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    private JsonNode readYaml(String text) {
        int longLine = firstLongLine(text);
        if (longLine > 0) {
            throw stop(longLine, "line " + longLine + " is too long (more than " + MAX_YAML_LINE
                    + " characters); YAML specs must use shorter lines (JSON has no such limit)");
        }
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both lines
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS * 2);
        options.setProcessComments(false);
        try {
            var composer = new Composer(new ParserImpl(new StreamReader(text), options), CORE_RESOLVER, options);
            if (!composer.checkNode()) {
                throw stop(1, "the spec is empty; expected a mapping with at least app and target");
            }
            Node root = composer.getNode();
            if (composer.checkNode()) {
                Node second = composer.getNode();
                throw stop(documentStart(text, line(second.getStartMark())), "must be a single YAML document; found a second one (remove the '---' separator)");
            }
            return yamlValue(root, DocumentPath.ROOT, 0);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
            if (e.getContext() != null) {
                Mark c = e.getContextMark();
                boolean elsewhere = c != null && m != null && c.getLine() != m.getLine();
                problem = problem + " (" + e.getContext() + (elsewhere ? " that starts at line " + (c.getLine() + 1) : "") + ")";
            }
            String where = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            throw stop(m == null ? null : m.getLine() + 1, "invalid YAML" + where + ": " + cleanYamlMessage(problem));
        } catch (YAMLException e) {
            throw stop(null, "invalid YAML: " + cleanYamlMessage(e.getMessage()));
        }
    }

    private static String cleanYamlMessage(String m) {
        if (m == null) return "syntax error";
        if (m.contains("Nesting Depth exceeded")) return "nested too deeply (more than " + MAX_DEPTH + " levels)";
        if (m.contains("Number of aliases")) return "too many aliases (*name) to mappings or lists (at most 50)";
        if (m.contains("code points in the input document exceeds")) return "the spec is too large";
        m = m.replace("\n", " ").replaceAll("\\s+", " ").strip();
        // SnakeYAML describes special characters with their Java escapes; that is already readable.
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    private static int firstLongLine(String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                if (i - start > MAX_YAML_LINE) return line;
                if (i < text.length() && text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                start = i + 1;
                line++;
            }
        }
        return -1;
    }

    /** The line of the "---" that starts the document whose content begins at {@code contentLine}. */
    private static int documentStart(String text, int contentLine) {
        String[] all = text.split("\\R", -1);
        for (int l = Math.min(contentLine, all.length); l >= 1; l--) {
            if (all[l - 1].startsWith("---")) return l;
        }
        return contentLine;
    }

    private static int line(Mark m) {
        return m.getLine() + 1;
    }

    private JsonNode yamlValue(Node node, DocumentPath path, int depth) {
        count(path);
        if (depth > MAX_DEPTH) {
            throw stop(line(node.getStartMark()), "nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        lines.putIfAbsent(path.pointer(), line(node.getStartMark()));
        Tag tag = node.getTag();
        if (node instanceof MappingNode map) {
            if (!tag.equals(Tag.MAP)) throw unsupportedTag(node, tag);
            return yamlMapping(map, path, depth, Set.of());
        }
        if (node instanceof SequenceNode seq) {
            if (!tag.equals(Tag.SEQ)) throw unsupportedTag(node, tag);
            ArrayNode arr = NODES.arrayNode();
            int i = 0;
            for (Node item : seq.getValue()) {
                DocumentPath child = path.index(i++);
                lines.put(child.pointer(), line(item.getStartMark()));
                arr.add(yamlValue(item, child, depth + 1));
            }
            return arr;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        if (tag.equals(Tag.NULL)) return NODES.nullNode();
        raw.put(path.pointer(), value);
        if (tag.equals(Tag.STR)) return NODES.textNode(value);
        if (tag.equals(Tag.BOOL)) {
            String v = value.toLowerCase();
            if (v.equals("true")) return NODES.booleanNode(true);
            if (v.equals("false")) return NODES.booleanNode(false);
            throw stop(line(node.getStartMark()), "invalid YAML boolean \"" + value + "\"; use true or false");
        }
        if (tag.equals(Tag.INT)) {
            try {
                BigInteger big = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
                if (big.bitLength() < 32) return NODES.numberNode(big.intValue());
                if (big.bitLength() < 64) return NODES.numberNode(big.longValue());
                return NODES.numberNode(big);
            } catch (NumberFormatException e) {
                throw stop(line(node.getStartMark()), "invalid YAML integer \"" + value + "\"");
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                double d = Double.parseDouble(value);
                if (Double.isFinite(d)) return NODES.numberNode(d);
            } catch (NumberFormatException ignored) {
                // fall through
            }
            throw stop(line(node.getStartMark()), "invalid YAML number \"" + value + "\"");
        }
        throw unsupportedTag(node, tag);
    }

    private ObjectNode yamlMapping(MappingNode map, DocumentPath path, int depth, Set<String> skip) {
        ObjectNode obj = NODES.objectNode();
        Map<String, Integer> seen = new HashMap<>();
        List<MappingNode> merges = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = line(keyNode.getStartMark());
            if (keyNode.getTag().equals(Tag.MERGE)) {
                collectMerges(tuple.getValueNode(), merges);
                continue;
            }
            if (!(keyNode instanceof ScalarNode k)) {
                throw stop(keyLine, "invalid YAML at line " + keyLine + ": keys must be plain text, not a mapping or a list");
            }
            String name = k.getValue();
            if (skip.contains(name)) continue;
            DocumentPath child = path.key(name);
            if (seen.containsKey(name)) {
                errors.add(new DocumentError(child.toString(), "duplicate key \"" + name + "\" (first at line " + seen.get(name) + ")", keyLine));
                continue;
            }
            seen.put(name, keyLine);
            lines.put(child.pointer(), keyLine);
            obj.set(name, yamlValue(tuple.getValueNode(), child, depth + 1));
            lines.put(child.pointer(), keyLine);
        }
        // YAML merge keys (<<: *defaults): explicit keys win; earlier merged mappings win over later ones.
        for (MappingNode merged : merges) {
            if (depth > MAX_DEPTH) break;
            Set<String> present = new LinkedHashSet<>();
            obj.fieldNames().forEachRemaining(present::add);
            yamlMapping(merged, path, depth + 1, present).properties().forEach(e -> obj.set(e.getKey(), e.getValue()));
        }
        return obj;
    }

    private void collectMerges(Node value, List<MappingNode> into) {
        if (value instanceof MappingNode m) {
            into.add(m);
        } else if (value instanceof SequenceNode s && s.getValue().stream().allMatch(n -> n instanceof MappingNode)) {
            s.getValue().forEach(n -> into.add((MappingNode) n));
        } else {
            int l = line(value.getStartMark());
            throw stop(l, "invalid YAML at line " + l + ": a merge key (<<) needs a mapping or a list of mappings");
        }
    }

    private Stop unsupportedTag(Node node, Tag tag) {
        int l = line(node.getStartMark());
        return stop(l, "unsupported YAML tag " + tag.getValue() + " at line " + l);
    }

    void count(DocumentPath path) {
        if (++values > MAX_VALUES) {
            throw stop(null, "the spec is too large: more than " + MAX_VALUES + " values (after expanding YAML aliases)");
        }
    }

    static Stop stop(Integer line, String message) {
        return new Stop(new DocumentError("", message, line));
    }

}
