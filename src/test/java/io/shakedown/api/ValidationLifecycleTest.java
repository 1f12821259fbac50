package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whole runs through the API with the real engine against a real HTTP server on loopback. */
@QuarkusTest
class ValidationLifecycleTest {
    @org.junit.jupiter.api.BeforeEach
    void sendAProjectToken() {
        // every API call needs a project token (docs/api.md, "Authentication")
        io.restassured.RestAssured.requestSpecification = ApiAuth.as("lifecycle");
    }


    static TestApp app;
    static final AtomicLong SEQ = new AtomicLong();

    @Inject RunStore store;
    @Inject EntityManager em;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startApp() throws Exception {
        app = new TestApp();
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void passedRunWithWait() {
        String name = unique("pass");
        Response r = post(app.spec(name, "/health", "/api/items", 200), 60);
        r.then().statusCode(200)
                .body("status", equalTo("PASSED")).body("verdict", equalTo("PASSED"))
                .body("app", equalTo(name)).body("environment", equalTo("ci"))
                .body("target", equalTo(app.url()))
                .body("report.verdict", equalTo("PASSED")) // embedded as JSON, not a string
                .body("report.checks[0].name", equalTo("probe"))
                .body("durationMs", notNullValue()).body("finishedAt", notNullValue())
                .body("links.report", notNullValue());
        String id = r.path("id");
        given().get("/api/v1/validations/" + id).then().statusCode(200).body("status", equalTo("PASSED"))
                .body("report.app", equalTo(name));
        given().get("/api/v1/validations/" + id + "/report").then().statusCode(200).body("verdict", equalTo("PASSED"));
    }

    @Test
    void failedRunWhenACheckGets500() {
        Response r = post(app.spec(unique("fail"), "/health", "/boom", 200), 60);
        r.then().statusCode(200).body("status", equalTo("FAILED")).body("summary", containsString("failed"))
                .body("report.checks[0].response.status", equalTo(500));
    }

    @Test
    void acceptedThenAwaitedWithGet() {
        Response r = post(app.spec(unique("async"), "/health", "/api/items", 200), 0);
        r.then().statusCode(202).header("Location", startsWith("/api/v1/validations/"))
                .body("status", equalTo("QUEUED")).body("links.self", notNullValue()).body("links.events", notNullValue());
        String id = r.path("id");
        assertEquals("/api/v1/validations/" + id, r.header("Location"));
        given().queryParam("wait", 60).get("/api/v1/validations/" + id).then().statusCode(200)
                .body("status", equalTo("PASSED"));
    }

    @Test
    void listingFilters() {
        String name = unique("list");
        post(app.spec(name, "/health", "/api/items", 200), 60).then().body("status", equalTo("PASSED"));
        post(app.spec(name, "/health", "/boom", 200), 60).then().body("status", equalTo("FAILED"));
        String newest = post(app.spec(name, "/health", "/api/items", 200), 60).path("id");

        given().queryParam("app", name).get("/api/v1/validations").then().statusCode(200)
                .body("items", hasSize(3)).body("items[0].id", equalTo(newest))
                .body("items.app", everyItem(equalTo(name)))
                .body("items[0].report", org.hamcrest.Matchers.nullValue()); // listings stay small
        given().queryParam("app", name).queryParam("verdict", "failed").get("/api/v1/validations").then()
                .body("items", hasSize(1)).body("items[0].status", equalTo("FAILED"));
        given().queryParam("app", name).queryParam("status", "PASSED").queryParam("environment", "ci")
                .get("/api/v1/validations").then().body("items", hasSize(2));
        given().queryParam("app", name).queryParam("environment", "prod").get("/api/v1/validations").then()
                .body("items", hasSize(0));
        given().queryParam("app", name).queryParam("limit", 1).get("/api/v1/validations").then()
                .body("items", hasSize(1)).body("items[0].id", equalTo(newest));
    }

    @Test
    void cancelQueuedAndRunningRuns() {
        // two never-ready runs fill both slots (max-concurrent-runs=2), so the third stays QUEUED
        String a = post(app.spec(unique("block"), "/never", "/health", 200), 0).path("id");
        String b = post(app.spec(unique("block"), "/never", "/health", 200), 0).path("id");
        Poll.until(Duration.ofSeconds(20), () -> status(a) == RunStatus.RUNNING && status(b) == RunStatus.RUNNING);
        String queued = post(app.spec(unique("queued"), "/health", "/health", 200), 0).path("id");
        given().delete("/api/v1/validations/" + queued).then().statusCode(202).body("status", equalTo("CANCELLED"));
        given().get("/api/v1/validations/" + queued).then().body("status", equalTo("CANCELLED"))
                .body("summary", equalTo("cancelled before it started"));

        given().delete("/api/v1/validations/" + a).then().statusCode(202).body("status", equalTo("RUNNING"))
                .body("cancelRequested", equalTo(true));
        given().delete("/api/v1/validations/" + b).then().statusCode(202);
        for (String id : List.of(a, b)) {
            given().queryParam("wait", 30).get("/api/v1/validations/" + id).then().statusCode(200)
                    .body("status", equalTo("CANCELLED")).body("report.verdict", equalTo("CANCELLED"));
            given().delete("/api/v1/validations/" + id).then().statusCode(409);
        }
    }

    @Test
    void eventStreamCarriesStagesAndVerdict() throws Exception {
        String key = UUID.randomUUID().toString();
        String id = post(app.spec(unique("sse"), "/ready-after/" + key + "/1500", "/api/items", 200), 0).path("id");
        List<String> names = new ArrayList<>();
        List<String> data = new ArrayList<>();
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/api/v1/validations/" + id + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", ApiAuth.bearer(ApiAuth.newToken("lifecycle")))
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event:")) names.add(line.substring(6).trim());
                if (line.startsWith("data:")) data.add(line.substring(5).trim());
            }
        }
        assertTrue(names.contains("stage-started"), names.toString());
        assertEquals("verdict", names.getLast(), names.toString());
        assertTrue(data.getLast().contains("\"status\":\"PASSED\""), data.getLast());

        // a finished run: one verdict event, then the end
        String body = given().accept("text/event-stream").get("/api/v1/validations/" + id + "/events").asString();
        assertTrue(body.contains("event:verdict") || body.contains("event: verdict"), body);
    }

    @Test
    void atMostTwoRunsAtOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String key = UUID.randomUUID().toString();
            ids.add(post(app.spec(unique("slow"), "/ready-after/" + key + "/2500", "/health", 200), 0).path("id"));
        }
        int max = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!ids.stream().allMatch(id -> status(id).isTerminal())) {
            assertTrue(System.nanoTime() < deadline, "runs did not finish");
            long running = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                    "select count(*) from validation_run where status = 'RUNNING' and owner_instance = 'test-instance'")
                    .getSingleResult()).longValue());
            max = Math.max(max, (int) running);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertTrue(max <= 2, "saw " + max + " RUNNING at once");
        assertEquals(2, max, "the runs should have overlapped two at a time");
        ids.forEach(id -> assertEquals(RunStatus.PASSED, status(id), id));
    }

    private RunStatus status(String id) {
        return store.find(UUID.fromString(id)).orElseThrow().status;
    }

    private static Response post(String spec, int waitSeconds) {
        return given().contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8))
                .queryParam("wait", waitSeconds).post("/api/v1/validations");
    }

    private static String unique(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    @Test
    void reportInEveryFormatByParameterAndByAcceptHeader() {
        String name = unique("formats");
        String id = post(app.spec(name, "/health", "/boom", 200), 60).then().statusCode(200)
                .body("status", equalTo("FAILED")).extract().path("id");
        String report = "/api/v1/validations/" + id + "/report";
        io.shakedown.report.ReportSchemas.assertValidJUnit(given().get(report + "?format=junit").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/xml")).extract().asString());
        var sarif = io.shakedown.report.ReportSchemas.assertValidSarif(given().get(report + "?format=sarif&specPath=deploy/shakedown.yml")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/sarif+json")).extract().asString());
        assertEquals("FAILED", sarif.at("/runs/0/properties/verdict").asText());
        String md = given().get(report + "?format=markdown").then().statusCode(200).extract().asString();
        assertTrue(md.startsWith("## ❌ Shakedown FAILED — " + name), md);
        assertTrue(md.contains("/runs/" + id + ")"), "links the run page in the web UI: " + md);
        String html = given().accept("text/html").get(report).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html")).extract().asString();
        io.shakedown.report.ReportSchemas.assertSelfContainedHtml(html);
        given().accept("text/markdown, application/json;q=0.5").get(report).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/markdown"));
        given().get(report).then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/json"))
                .body("verdict", equalTo("FAILED"));
        given().get(report + "?format=pdf").then().statusCode(400).body("errors[0].path", equalTo("format"));
    }

    @Test
    void submitOverridesTheTargetWithUrl() {
        String spec = """
                app: %s
                target: { image: "registry.example/not-pulled:1", port: 8080 }
                readiness: { http: { path: /health } }
                """.formatted(unique("override"));
        given().contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations?wait=60&url=" + app.url()).then().statusCode(200)
                .body("status", equalTo("PASSED")).body("target", equalTo(app.url()));
        given().contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations?image=a:1&url=" + app.url()).then().statusCode(400).body("errors[0].path", equalTo("image"));
    }
}
