package io.shakedown.spec;

import io.shakedown.document.SchemaDocs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecSchemaTest {

    @Test
    void publishedCopyInDocsIsIdentical() throws Exception {
        String docs = Files.readString(Path.of("docs/spec.schema.json"));
        assertEquals(SpecSchema.json(), docs, "docs/spec.schema.json drifted from src/main/resources" + SpecSchema.RESOURCE + "; copy it over");
    }

    @Test
    void isDraft2020AndEveryPropertyIsDocumented() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SpecSchema.json());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").textValue());
        List<String> undocumented = SchemaDocs.undocumentedProperties(schema);
        assertTrue(undocumented.isEmpty(), "properties without title or description: " + undocumented);
    }
}
