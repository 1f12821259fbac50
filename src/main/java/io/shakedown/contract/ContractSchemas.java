package io.shakedown.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The document's schemas as networknt's json-schema-validator reads them, with its OpenAPI dialects: 3.0's
 * {@code nullable}, {@code discriminator}, {@code readOnly}/{@code writeOnly} and draft-4 keywords, or 3.1's JSON Schema
 * 2020-12. The whole document is one schema resource, so a schema is addressed by its JSON pointer and every
 * {@code $ref: "#/components/..."} resolves across the document, as the app's clients resolve it. Compiled once per
 * pointer.
 */
final class ContractSchemas {
    private static final String IRI = "urn:shakedown:openapi-document";
    private static final List<String> DOCUMENT_FIELDS = List.of("openapi", "info", "servers", "paths", "webhooks", "components",
            "security", "tags", "externalDocs", "jsonSchemaDialect");

    /** One way a body does not conform: where in the body (JSON pointer), the rule it breaks, and the value found. */
    record Violation(String pointer, String message, String schemaPath, JsonNode found, String keyword) {
        /** A null where the schema's type does not allow one (OpenAPI 3.0 without nullable, 3.1 without "null" in the type). */
        boolean undocumentedNull() {
            return "type".equals(keyword) && found != null && found.isNull();
        }
    }

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    ContractSchemas(OpenApiDocument document) {
        JsonMetaSchema oas = document.isOpenApi31() ? OpenApi31.getInstance() : OpenApi30.getInstance();
        // the document's own top-level fields are not schema keywords: known, so the validator does not warn about them
        JsonMetaSchema dialect = JsonMetaSchema.builder(oas).keywords(DOCUMENT_FIELDS.stream().map(NonValidationKeyword::new).toList()).build();
        this.factory = JsonSchemaFactory.getInstance(document.isOpenApi31() ? SpecVersion.VersionFlag.V202012 : SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(dialect).defaultMetaSchemaIri(dialect.getIri())
                        .schemaLoaders(l -> l.schemas(Map.of(IRI, document.root().toString()))));
        this.config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .nullableKeywordEnabled(!document.isOpenApi31())
                .discriminatorKeywordEnabled(true)
                .readOnly(false) // a response: readOnly properties belong in it
                .writeOnly(true) //   writeOnly ones do not
                .build();
    }

    /** The violations of the body against the schema at {@code pointer} in the document, in body order. */
    List<Violation> violations(String pointer, JsonNode body) {
        JsonSchema schema = compiled.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(IRI + "#" + p), config));
        return schema.validate(body).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()).thenComparing(ValidationMessage::getMessage))
                .map(m -> new Violation(pointerOf(m), m.getMessage(), String.valueOf(m.getSchemaLocation()).replace(IRI, ""), m.getInstanceNode(), m.getType()))
                .toList();
    }

    /** networknt's JSON pointer of the instance, "" for the root; a required property names the missing member. */
    private static String pointerOf(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        if ("required".equals(m.getType()) && m.getProperty() != null) at = at + "/" + OpenApiDocument.escape(m.getProperty());
        return at;
    }
}
