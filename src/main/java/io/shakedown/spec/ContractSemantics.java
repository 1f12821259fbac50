package io.shakedown.spec;

import io.shakedown.document.DocumentPath;
import io.shakedown.document.SchemaCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What the schema cannot say about {@code contract:}: a document named as a file must exist and be an OpenAPI 3
 * document (its text is put in the tree for the stage), and templates in parameters and headers may only name
 * declared secrets or generators (a contract request has no flow to capture from).
 */
final class ContractSemantics {
    private static final YAMLMapper YAML = new YAMLMapper(); // JSON is YAML

    private final SpecFiles files;
    private final Set<String> secrets;
    private final BiConsumer<DocumentPath, String> error;

    ContractSemantics(SpecFiles files, Set<String> secrets, BiConsumer<DocumentPath, String> error) {
        this.files = files;
        this.secrets = secrets;
        this.error = error;
    }

    void check(DocumentPath p, ObjectNode contract) {
        JsonNode openapi = contract.get("openapi");
        if (openapi != null && !openapi.textValue().startsWith("/")) documentFile(p.key("openapi"), openapi, contract);
        templates(p.key("parameters"), contract.get("parameters"));
        templates(p.key("headers"), contract.get("headers"));
    }

    private void documentFile(DocumentPath p, JsonNode name, ObjectNode contract) {
        String text;
        try {
            text = files.read(name.textValue());
        } catch (NoSuchFileException e) {
            error.accept(p, "no OpenAPI document " + SchemaCheck.describe(name) + " (" + files.where(name.textValue())
                    + "); a path on the app starts with /, like /v3/api-docs");
            return;
        } catch (IOException | RuntimeException e) {
            error.accept(p, "cannot read the OpenAPI document " + SchemaCheck.describe(name) + ": " + e.getMessage());
            return;
        }
        JsonNode doc;
        try {
            doc = YAML.readTree(text);
        } catch (IOException | RuntimeException e) {
            error.accept(p, "the file " + SchemaCheck.describe(name) + " is neither YAML nor JSON: " + firstLine(e.getMessage()));
            return;
        }
        String version = doc == null ? "" : doc.path("openapi").asText("");
        boolean swagger2 = doc != null && doc.path("swagger").asText("").startsWith("2."); // converted to OpenAPI 3.0 when checked
        if (!version.startsWith("3.") && !swagger2) {
            String was = doc != null && doc.has("swagger") ? "a Swagger " + doc.path("swagger").asText() + " document" : "no openapi: 3.x field";
            error.accept(p, "the file " + SchemaCheck.describe(name) + " is not an OpenAPI 3.0 or 3.1 or Swagger 2.0 document (" + was + ")");
            return;
        }
        contract.put("documentText", text);
    }

    private void templates(DocumentPath p, JsonNode values) {
        if (!(values instanceof ObjectNode o)) return;
        o.properties().forEach(e -> {
            String s = e.getValue().asText();
            if (!Template.mayHaveRefs(s)) return;
            DocumentPath at = p.key(e.getKey());
            try {
                for (Template.Ref ref : Template.parse(s).refs()) {
                    if (ref instanceof Template.Secret secret && !secrets.contains(secret.name())) {
                        error.accept(at, "${" + secret.expression() + "} names no declared secret; declare it under secrets:");
                    } else if (!(ref instanceof Template.Secret) && !(ref instanceof Template.Generator)) {
                        error.accept(at, "${" + ref.expression() + "}: contract values may use only ${secrets.NAME} and generators"
                                + " (a value a flow captured is used by its name without a template)");
                    }
                }
            } catch (Template.Invalid ex) {
                error.accept(at, ex.getMessage());
            }
        });
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
