package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shakedown.store.RunStore;
import io.shakedown.store.SecretVault;
import io.shakedown.support.ExampleImages;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flows, assets and secrets through the service front door, with the real engine, Docker and PostgreSQL:
 * the same verdicts and named steps/URLs as the one-shot command, and secrets nowhere in what it keeps or serves.
 */
@QuarkusTest
class FlowsThroughServiceTest {
    static final String ADMIN_PASSWORD = "correct-horse-battery-staple";
    static final String API_KEY = "k3y/with+special chars&=\"quoted\"";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject EntityManager em;
    @Inject RunStore store;

    @TestHTTPResource("/")
    URL base;

    static final String PROJECT = "flows";
    String token;

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    @org.junit.jupiter.api.BeforeEach
    void sendAProjectToken() {
        // every API call needs a project token (docs/api.md, "Authentication")
        token = ApiAuth.newToken(PROJECT);
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .addHeader("Authorization", ApiAuth.bearer(token)).build();
    }

    @org.junit.jupiter.api.AfterEach
    void noDefaultToken() {
        io.restassured.RestAssured.requestSpecification = null;
    }

    static String example(String name) throws Exception {
        return Files.readString(ExampleImages.example(name));
    }

    static String envelope(String spec, Map<String, String> secrets, Map<String, String> files) throws Exception {
        return JSON.writeValueAsString(Map.of("spec", spec, "secrets", secrets, "files", files));
    }

    JsonPath postYaml(String yaml) {
        return given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).post("/api/v1/validations?wait=60")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theFlowWhoseThirdStepAnswers500FailsNamingThatStep() throws Exception {
        JsonPath run = postYaml(example("broken/flow-500"));
        assertEquals("FAILED", run.getString("status"));
        assertEquals("steps[2] read my profile", run.getString("report.flows[0].failedStep"));
        assertEquals(List.of("PASSED", "PASSED", "FAILED", "SKIPPED"), run.getList("report.flows[0].steps.status"));
        assertEquals(500, run.getInt("report.flows[0].steps[2].response.status"));
        assertTrue(run.getString("summary").contains("steps[2] read my profile: status: expected 200, got 500"), run.getString("summary"));

        // JUnit: a suite per flow, a testcase per step, the failing step's evidence in its <failure>
        String id = run.getString("id");
        String junit = given().get("/api/v1/validations/" + id + "/report?format=junit").then().statusCode(200).extract().asString();
        io.shakedown.report.ReportSchemas.assertValidJUnit(junit);
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(junit.getBytes(StandardCharsets.UTF_8)));
        var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        String suite = "/testsuites/testsuite[@name='flow sign up and read my profile']";
        assertEquals("4", xpath.evaluate(suite + "/@tests", doc), junit);
        assertEquals("1", xpath.evaluate(suite + "/@failures", doc), junit);
        String failure = xpath.evaluate(suite + "/testcase[@name='steps[2] read my profile']/failure", doc);
        assertTrue(failure.contains("→ 500"), "the failing step carries its evidence: " + junit);
        assertEquals("1", xpath.evaluate("count(" + suite + "/testcase[@name='steps[3] the session cookie alone is enough']/skipped)", doc), junit);
        // Markdown: the failing step under "What failed", with its evidence
        String md = given().get("/api/v1/validations/" + id + "/report?format=markdown").then().statusCode(200).extract().asString();
        int failed = md.indexOf("### What failed");
        assertTrue(failed > 0 && md.indexOf("flow “sign up and read my profile” · steps[2] read my profile") > failed, md);
    }

    @Test
    void aMissingAssetAndAMissingHistoryFallbackFailNamingTheUrlAndRoute() throws Exception {
        JsonPath asset = postYaml(example("broken/missing-asset"));
        assertEquals("FAILED", asset.getString("status"));
        assertTrue(asset.getString("summary").startsWith("assets: page / references script /assets/app.4f2c9.js, which answered 404"),
                asset.getString("summary"));
        JsonPath spa = postYaml(example("broken/spa-no-fallback"));
        assertEquals("FAILED", spa.getString("status"));
        assertEquals("/orders/42", spa.getString("report.assets.spaRoutes[0].path"));
        assertEquals(404, spa.getInt("report.assets.spaRoutes[0].httpStatus"));
    }

    @Test
    void flowApiPassesWithItsSecretAndSchemaFileSentAlong() throws Exception {
        String schema = Files.readString(Path.of("examples/flow-api/schemas/user.json"));
        JsonPath run = given().contentType("application/vnd.shakedown.submission+json")
                .body(envelope(example("flow-api"), Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD), Map.of("schemas/user.json", schema)))
                .post("/api/v1/validations?wait=60").then().statusCode(200).extract().jsonPath();
        assertEquals("PASSED", run.getString("status"), run.getString("summary"));
        assertEquals("***", run.getString("report.flows[1].steps[0].request.headers.X-Admin-Password"));
    }

    @Test
    void noOutputOfTheServiceHoldsASecretValue() throws Exception {
        String spec = Files.readString(Path.of("src/test/resources/secrets/leaky.yml"));
        String accepted = given().contentType("application/vnd.shakedown.submission+json")
                .body(envelope(spec, Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD, "API_KEY", API_KEY), Map.of()))
                .post("/api/v1/validations").then().statusCode(202).extract().asString();
        String id = JsonPath.from(accepted).getString("id");
        // follow the live events while it runs
        var request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/api/v1/validations/" + id + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", ApiAuth.bearer(token)).timeout(Duration.ofSeconds(60)).build();
        CompletableFuture<String> events = CompletableFuture.supplyAsync(() -> {
            try {
                var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
                var sb = new StringBuilder();
                try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    in.lines().forEach(l -> sb.append(l).append('\n'));
                }
                return sb.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String finished = given().get("/api/v1/validations/" + id + "?wait=60").then().statusCode(200).extract().asString();
        JsonPath run = JsonPath.from(finished);
        assertEquals("FAILED", run.getString("status"), run.getString("summary"));
        assertEquals("PASSED", run.getString("report.flows[0].steps[0].status"), "the admin password reached the app");
        String sse = events.get();
        assertTrue(sse.contains("event:verdict"), sse);
        assertTrue(sse.contains("***"), "the streamed log and failures show the mask: " + sse);
        String report = given().get("/api/v1/validations/" + id + "/report").then().statusCode(200).extract().asString();
        // the other formats render from the same redacted report
        var formats = new java.util.LinkedHashMap<String, String>();
        for (String format : List.of("junit", "sarif", "markdown", "html")) {
            formats.put(format + " report", given().get("/api/v1/validations/" + id + "/report?format=" + format).then().statusCode(200)
                    .extract().asString());
        }
        assertTrue(formats.get("junit report").contains("***") && formats.get("markdown report").contains("***")
                && formats.get("html report").contains("***"), "the evidence is there, masked: " + formats);
        String listing = given().get("/api/v1/validations?limit=200").then().statusCode(200).extract().asString();
        // every column of the stored row, as PostgreSQL has it
        String row = QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery(
                "select cast(row_to_json(v) as text) from validation_run v where id = :id").setParameter("id", UUID.fromString(id))
                .getSingleResult()));
        assertTrue(row.contains("secrets_holder"), row);

        var outputs = new java.util.LinkedHashMap<String, String>(Map.of("POST answer", accepted, "GET run", finished, "events", sse,
                "report", report, "listing", listing, "database row", row));
        outputs.putAll(formats);
        for (var output : outputs.entrySet()) {
            for (String secret : List.of(ADMIN_PASSWORD, API_KEY)) {
                for (String form : io.shakedown.cli.SecretsNeverLeakCliTestForms.forms(secret)) {
                    assertFalse(output.getValue().contains(form), output.getKey() + " holds a secret (" + form + "):\n" + output.getValue());
                }
            }
            assertFalse(output.getValue().contains("horse-battery") || output.getValue().contains("special chars"), output.getKey());
        }
    }

    @Test
    void anEnvelopeRunBelongsToTheCallersProjectAndTakesATargetOverride() throws Exception {
        String spec = example("flow-api").replace("shakedown-example/flow-api:1.0", "shakedown-example/no-such-image:0");
        String schema = Files.readString(Path.of("examples/flow-api/schemas/user.json"));
        // the pipeline's spec names some other image; ?image= validates the one it just built
        JsonPath run = given().contentType("application/vnd.shakedown.submission+json")
                .body(envelope(spec, Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD), Map.of("schemas/user.json", schema)))
                .queryParam("image", "shakedown-example/flow-api:1.0")
                .post("/api/v1/validations?wait=60").then().statusCode(200).extract().jsonPath();
        assertEquals("PASSED", run.getString("status"), run.getString("summary"));
        assertEquals("shakedown-example/flow-api:1.0", run.getString("target"));
        String id = run.getString("id");
        String row = QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery(
                "select project from validation_run where id = :id").setParameter("id", UUID.fromString(id)).getSingleResult()));
        assertEquals(PROJECT, row);
        // another project's token: the run does not exist for it
        String other = ApiAuth.newToken("flows-other");
        io.restassured.RestAssured.requestSpecification = null;
        given().header("Authorization", ApiAuth.bearer(other)).get("/api/v1/validations/" + id).then().statusCode(404);
        given().header("Authorization", ApiAuth.bearer(other)).get("/api/v1/validations/" + id + "/report?format=junit").then().statusCode(404);
        // and no token at all is 401, for an envelope like for a plain spec
        given().contentType("application/vnd.shakedown.submission+json")
                .body(envelope(spec, Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD), Map.of())).post("/api/v1/validations").then().statusCode(401);
        // both overrides at once is a bad parameter, as for a plain spec
        given().header("Authorization", ApiAuth.bearer(token)).contentType("application/vnd.shakedown.submission+json")
                .body(envelope(spec, Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD), Map.of("schemas/user.json", schema)))
                .queryParam("image", "a:1").queryParam("url", "http://127.0.0.1:1").post("/api/v1/validations").then().statusCode(400);
    }

    @Test
    void secretsAreRefusedUnlessDeclaredAndComplete() throws Exception {
        String spec = Files.readString(Path.of("src/test/resources/secrets/leaky.yml"));
        // a spec with secrets sent as plain YAML: there is nowhere for the values
        given().contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8)).post("/api/v1/validations")
                .then().statusCode(400).body("errors.path", hasItem("secrets"));
        given().contentType("application/vnd.shakedown.submission+json")
                .body(envelope(spec, Map.of("ADMIN_PASSWORD", ADMIN_PASSWORD, "API_KEY", "", "TYPO", "x"), Map.of()))
                .post("/api/v1/validations").then().statusCode(400)
                .body("errors.path", equalTo(List.of("secrets.API_KEY", "secrets.TYPO")))
                .body("errors[0].message", equalTo("declared by the spec but no value was sent"))
                .body("detail", startsWith("secrets.API_KEY: declared by the spec but no value was sent"));
        given().contentType("application/vnd.shakedown.submission+json").body("{\"spek\": 1}")
                .post("/api/v1/validations").then().statusCode(400).body("errors.path", equalTo(List.of("spek", "spec")));
    }

    @Test
    void aRunWhoseSecretsThisInstanceNoLongerHoldsEndsError() throws Exception {
        // as after a restart: the row says this instance holds the values, its memory has none
        String spec = Files.readString(Path.of("src/test/resources/secrets/leaky.yml"));
        var run = store.createQueued("flow-api", "default", "shakedown-example/flow-api:1.0", spec, "yaml", PROJECT, null, "test-instance");
        JsonPath finished = given().get("/api/v1/validations/" + run.id + "?wait=30").then().statusCode(200).extract().jsonPath();
        assertEquals("ERROR", finished.getString("status"));
        assertEquals(SecretVault.LOST, finished.getString("summary"));
    }
}
