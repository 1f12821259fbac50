package io.shakedown.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON half of {@link DocumentReader}: Jackson's streaming parser, for exact JSON error messages, recording the
 * line of every value and the text of every scalar into the reader's tables.
 */
final class JsonReading {
    private JsonReading() {}

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(DocumentReader.MAX_DEPTH).build())
            .build();

    static JsonNode read(String text, DocumentReader into) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw DocumentReader.stop(1, "the spec is empty; expected a mapping with at least app and target");
            JsonNode root = jsonValue(p, DocumentPath.ROOT, into);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw DocumentReader.stop(p.currentTokenLocation().getLineNr(), "must be a single JSON document; found more content after it");
            }
            return root;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            Integer line = loc == null || loc.getLineNr() < 1 ? null : loc.getLineNr();
            String where = loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw DocumentReader.stop(line, "invalid JSON" + where + ": " + cleanJsonMessage(e.getOriginalMessage()));
        } catch (IOException e) {
            throw DocumentReader.stop(null, "could not read the spec text");
        }
    }

    private static String cleanJsonMessage(String m) {
        if (m == null) return "syntax error";
        m = m.replaceAll("\\s*\\(code \\d+\\)", "");
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        // Jackson mentions its own feature switches in some messages; a spec author cannot use them.
        int hint = m.indexOf(" (for Object entries)");
        if (hint >= 0) m = m.substring(0, hint);
        int ctx = m.indexOf("; ");
        if (ctx > 0 && m.substring(ctx).contains("Feature")) m = m.substring(0, ctx);
        return m.strip();
    }

    /** Reads the value at the current token. */
    private static JsonNode jsonValue(JsonParser p, DocumentPath path, DocumentReader into) throws IOException {
        into.count(path);
        JsonToken t = p.currentToken();
        int line = p.currentTokenLocation().getLineNr();
        into.lines.putIfAbsent(path.pointer(), line);
        switch (t) {
            case START_OBJECT -> {
                ObjectNode obj = DocumentReader.NODES.objectNode();
                Map<String, Integer> seen = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    DocumentPath child = path.key(name);
                    p.nextToken();
                    if (seen.containsKey(name)) {
                        into.errors.add(new DocumentError(child.toString(), "duplicate key \"" + name + "\" (first at line " + seen.get(name) + ")", keyLine));
                        p.skipChildren();
                        continue;
                    }
                    seen.put(name, keyLine);
                    into.lines.put(child.pointer(), keyLine);
                    obj.set(name, jsonValue(p, child, into));
                    into.lines.put(child.pointer(), keyLine);
                }
                return obj;
            }
            case START_ARRAY -> {
                ArrayNode arr = DocumentReader.NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    arr.add(jsonValue(p, path.index(i++), into));
                }
                return arr;
            }
            case VALUE_STRING -> {
                into.raw.put(path.pointer(), p.getText());
                return DocumentReader.NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                into.raw.put(path.pointer(), p.getText());
                return switch (p.getNumberType()) {
                    case INT -> DocumentReader.NODES.numberNode(p.getIntValue());
                    case LONG -> DocumentReader.NODES.numberNode(p.getLongValue());
                    default -> DocumentReader.NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                into.raw.put(path.pointer(), p.getText());
                return DocumentReader.NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                into.raw.put(path.pointer(), p.getText());
                return DocumentReader.NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return DocumentReader.NODES.nullNode();
            }
            default -> throw DocumentReader.stop(line, "invalid JSON at line " + line + ": unexpected " + t);
        }
    }
}
