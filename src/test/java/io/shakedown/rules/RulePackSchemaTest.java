package io.shakedown.rules;

import io.shakedown.document.SchemaDocs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Severity;
import io.shakedown.document.DocumentReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published rule-pack schema: the copy in docs/ is the one on the classpath, every built-in pack validates against
 * it with a plain JSON Schema validator (as an editor would), its enums are the code's, and every property says what it is.
 */
class RulePackSchemaTest {
    static final String RESOURCE = RuleLoader.SCHEMA;

    static String classpathSchema() throws IOException {
        try (InputStream in = RulePackSchemaTest.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode schemaTree() throws IOException {
        return new ObjectMapper().readTree(classpathSchema());
    }

    /** A plain draft 2020-12 validator, as an editor uses; errorMessage is a known annotation (the ajv-errors convention). */
    static JsonSchema plainValidator() throws IOException {
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012()).keyword(new NonValidationKeyword("errorMessage")).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(meta)).getSchema(schemaTree());
    }

    @Test
    void publishedCopyInDocsIsIdentical() throws IOException {
        assertEquals(classpathSchema(), Files.readString(Path.of("docs/rule-pack.schema.json")),
                "docs/rule-pack.schema.json drifted from src/main/resources" + RESOURCE + "; copy it over");
    }

    @Test
    void everyBuiltInPackValidatesAgainstTheSchema() throws IOException {
        JsonSchema schema = plainValidator();
        List<String> problems = new ArrayList<>();
        int packs = 0;
        try (Stream<Path> files = Files.list(Path.of("validator-rules"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                var doc = DocumentReader.read(Files.readString(f));
                assertTrue(doc.errors().isEmpty(), f + ": " + doc.errors());
                schema.validate(doc.root()).forEach(m -> problems.add(f.getFileName() + ": " + m.getMessage()));
                packs++;
            }
        }
        assertTrue(packs >= 12, "packs: " + packs);
        assertEquals(List.of(), problems);
    }

    @Test
    void theSchemaRefusesWhatTheLoaderRefuses() throws IOException {
        JsonSchema schema = plainValidator();
        String good = "pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when: %s\n    message: m\n    fix: f\n    references: [https://example.com]\n";
        assertEquals(0, schema.validate(DocumentReader.read(good.formatted("{ file: { path: '/app/**.jar' } }")).root()).size());
        for (String when : List.of("{ file: { path: '/**/x.jar' } }", "{ fiel: { path: /app } }", "{ log: x, env: { key: X } }", "{}", "[]",
                "{ imageConfig: { field: Usr } }", "{ http: { request: { path: x }, status: 200 } }", "{ listening: { port: 70000 } }",
                "{ listening: { port: sometimes } }", "{ process: {} }", "{ jvmHeap: { ratio: 0 } }", "{ oomKilled: false }")) {
            assertTrue(schema.validate(DocumentReader.read(good.formatted(when)).root()).size() > 0, "accepted " + when);
        }
    }

    @Test
    void enumsAreTheCodes() throws IOException {
        JsonNode defs = schemaTree().get("$defs");
        assertEquals(Arrays.stream(DiagnosisKind.values()).map(Enum::name).toList(), texts(defs.get("diagnosisKind").get("enum")));
        assertEquals(Arrays.stream(Severity.values()).map(Severity::id).toList(), texts(defs.get("rule").get("properties").get("severity").get("enum")));
    }

    @Test
    void isDraft2020AndEveryPropertyIsDocumented() throws IOException {
        JsonNode schema = schemaTree();
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").textValue());
        List<String> undocumented = SchemaDocs.undocumentedProperties(schema);
        assertEquals(List.of(), undocumented, "properties without title or description");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return out;
    }
}
