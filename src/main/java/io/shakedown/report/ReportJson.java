package io.shakedown.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

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
