package io.shakedown.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.function.UnaryOperator;

/** The one way reports are written as JSON, so the file, the API and the database hold the same document. */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ReportJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Pretty JSON of any tree (the SARIF renderer builds one). */
    public static String writeTree(JsonNode tree) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable", e);
        }
    }

    public static String write(Report report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report is not serialisable", e);
        }
    }

    /** A copy of the tree with every string in it, keys and values, passed through {@code f} (to redact or clean a report). */
    public static JsonNode mapStrings(JsonNode n, UnaryOperator<String> f) {
        if (n.isTextual()) return TextNode.valueOf(f.apply(n.textValue()));
        if (n instanceof ObjectNode o) {
            ObjectNode out = o.objectNode();
            o.properties().forEach(e -> out.set(f.apply(e.getKey()), mapStrings(e.getValue(), f)));
            return out;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode out = a.arrayNode();
            a.forEach(item -> out.add(mapStrings(item, f)));
            return out;
        }
        return n;
    }

    private static final ObjectReader LENIENT = MAPPER.readerFor(Report.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A stored report read back; fields a newer version added are ignored. */
    public static Report read(String json) {
        try {
            return LENIENT.readValue(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored report does not read back: " + e.getMessage(), e);
        }
    }
}
