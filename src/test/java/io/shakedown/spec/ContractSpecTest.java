package io.shakedown.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code contract:}: defaults, a document next to the spec, and the errors that name the field and line. */
class ContractSpecTest {
    private static final String HEAD = "app: a\ntarget: { image: a:1, port: 8080 }\n";

    private static List<DocumentError> errors(String text, SpecFiles files) {
        try {
            new SpecParser().parse(text, files);
        } catch (DocumentException e) {
            return e.errors();
        }
        throw new AssertionError("accepted:\n" + text);
    }

    @Test
    void noContractSectionMeansNoStageAndAnEmptyOneMeansDiscoveryWithDefaults() throws Exception {
        assertNull(new SpecParser().parse(HEAD).contract());
        var c = new SpecParser().parse(HEAD + "contract: {}\n").contract();
        assertNull(c.openapi());
        assertEquals(200, c.budget().requests());
        assertEquals(Duration.ofSeconds(60), c.budget().duration());
        assertEquals(ContractSpec.Severity.FAIL, c.severity().serverError());
        assertEquals(ContractSpec.Severity.FAIL, c.severity().schema());
        assertEquals(ContractSpec.Severity.WARN, c.severity().status());
        assertEquals(false, c.unsafe());
    }

    @Test
    void everyFieldBinds() throws Exception {
        var c = new SpecParser().parse(HEAD + """
                secrets: [TOKEN]
                contract:
                  openapi: /v3/api-docs
                  parameters: { id: 7, name: x }
                  headers: { Authorization: "Bearer ${secrets.TOKEN}" }
                  ignore: [getStats, /admin/**]
                  unsafe: true
                  negative: true
                  budget: { requests: 50, duration: 5s }
                  severity: { status: fail, schema: warn, headers: off }
                """).contract();
        assertTrue(c.documentOnTheApp());
        assertEquals(Map.of("id", "7", "name", "x"), c.parameters());
        assertEquals(List.of("getStats", "/admin/**"), c.ignore());
        assertEquals(new ContractSpec.Budget(50, Duration.ofSeconds(5)), c.budget());
        assertEquals(ContractSpec.Severity.FAIL, c.severity().status());
        assertEquals(ContractSpec.Severity.WARN, c.severity().schema());
        assertEquals(ContractSpec.Severity.OFF, c.severity().headers());
        assertTrue(c.unsafe() && c.negative());
    }

    @Test
    void aDocumentFileNextToTheSpecIsReadWithTheSpec() throws Exception {
        var files = SpecFiles.of(Map.of("api.yaml", "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n",
                "old.json", "{\"swagger\": \"2.0\", \"paths\": {}}", "older.json", "{\"swaggerVersion\": \"1.2\", \"swagger\": \"1.2\"}"));
        var c = new SpecParser().parse(HEAD + "contract: { openapi: api.yaml }\n", files).contract();
        assertTrue(c.documentText().startsWith("openapi: 3.0.3"));

        var missing = errors(HEAD + "contract:\n  openapi: nope.yaml\n", files).getFirst();
        assertEquals("contract.openapi", missing.path());
        assertEquals(4, missing.line());
        assertTrue(missing.message().contains("no OpenAPI document \"nope.yaml\"") && missing.message().contains("starts with /"), missing.message());

        // Swagger 2.0 is read (the contract stage converts it to OpenAPI 3.0); Swagger 1.x is refused with what it is
        assertTrue(new SpecParser().parse(HEAD + "contract: { openapi: old.json }\n", files).contract().documentText().contains("\"2.0\""));
        var swagger = errors(HEAD + "contract: { openapi: older.json }\n", files).getFirst();
        assertEquals("contract.openapi", swagger.path());
        assertTrue(swagger.message().contains("not an OpenAPI 3.0 or 3.1 or Swagger 2.0 document (a Swagger 1.2 document)"), swagger.message());
    }

    @Test
    void mistakesAreNamedWithTheFieldAndLine() {
        var typo = errors(HEAD + "contract:\n  opnapi: /x\n", SpecFiles.NONE).getFirst();
        assertEquals("contract.opnapi", typo.path());
        assertTrue(typo.message().contains("did you mean \"openapi\""), typo.message());

        var severity = errors(HEAD + "contract:\n  severity: { schema: ignore }\n", SpecFiles.NONE).getFirst();
        assertEquals("contract.severity.schema", severity.path());
        assertEquals(4, severity.line());

        var budget = errors(HEAD + "contract:\n  budget: { duration: 2h }\n", SpecFiles.NONE).getFirst();
        assertEquals("contract.budget.duration", budget.path());
        assertTrue(budget.message().contains("between 1s and 30m"), budget.message());

        var secret = errors(HEAD + "contract:\n  headers: { Authorization: \"${secrets.NOPE}\" }\n", SpecFiles.NONE).getFirst();
        assertEquals("contract.headers.Authorization", secret.path());
        assertTrue(secret.message().contains("names no declared secret"), secret.message());
    }
}
