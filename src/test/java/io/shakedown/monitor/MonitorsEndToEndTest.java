package io.shakedown.monitor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.shakedown.api.ApiAuth;
import io.shakedown.api.Poll;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole monitor loop with real parts: a real local target that the test takes down and brings back, runs through
 * the ordinary queue and engine, the state walking UP → DOWN (after failureThreshold) → UP, and exactly one alert
 * per change received by a real webhook receiver (signature verified), a Slack-format receiver and GreenMail
 * (real SMTP in this JVM). Then history (uptime, the incident with its first failing run), deliveries, the
 * public badge, another project's 404, pause.
 */
@QuarkusTest
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = true)
class MonitorsEndToEndTest {

    static final String SECRET = "whsec-0123456789-abcdef";

    @Inject EntityManager em;

    @AfterEach
    void reset() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void stateWalksUpDownUpWithOneAlertPerChange() throws Exception {
        try (var app = new StagingApp(); var hooks = new WebhookReceiver()) {
            RestAssured.requestSpecification = ApiAuth.as("mon-e2e");
            hooks.failFirst = 1; // the first webhook call answers 500: the delivery is retried
            String monitor = """
                    name: staging-health
                    every: 1s
                    failureThreshold: 2
                    successThreshold: 1
                    public: true
                    spec:
                      app: shop
                      environment: staging
                      target: { url: "%s", startupTimeout: 1s }
                      readiness: { http: { path: /health, status: 200 } }
                      checks:
                        - name: health
                          request: { path: /health }
                          expect: { status: 200, json: { "$.status": { equals: UP } } }
                    alerts:
                      channels:
                        - { name: ops-hook, type: webhook, url: "%s", secret: "%s" }
                        - { name: chat, type: slack, url: "%s" }
                        - { name: mail, type: email, to: [ops@example.com] }
                    """.formatted(app.url(), hooks.url("/hook"), SECRET, hooks.url("/slack"));
            String id = given().contentType("application/yaml").body(monitor.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/monitors")
                    .then().statusCode(201).extract().path("id");
            // the API never shows a channel secret
            String shown = given().get("/api/v1/monitors/" + id).asString();
            assertTrue(!shown.contains(SECRET), shown);

            awaitState(id, "UP");
            assertEquals(0, alerts(id).size(), "a monitor's first UP is not a recovery: no alert");

            app.down();
            awaitState(id, "DOWN");
            Poll.until(Duration.ofSeconds(20), () -> hooks.at("/hook").size() == 1 && hooks.at("/slack").size() == 1
                    && GreenMailResource.greenMail.getReceivedMessages().length == 1);

            app.up();
            awaitState(id, "UP");
            Poll.until(Duration.ofSeconds(20), () -> hooks.at("/hook").size() == 2 && hooks.at("/slack").size() == 2
                    && GreenMailResource.greenMail.getReceivedMessages().length == 2);
            Thread.sleep(3000); // a few more passing runs: no further alert
            given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("PAUSED"));

            // exactly one alert per change, in order, on every channel
            List<WebhookReceiver.Received> webhook = hooks.at("/hook");
            assertEquals(2, webhook.size(), webhook.toString());
            assertEquals(List.of("DOWN", "RECOVERED"), webhook.stream().map(WebhookReceiver.Received::event).toList());
            for (var r : webhook) {
                assertEquals("sha256=" + AlertDeliverer.sign(SECRET, r.body()), r.signature(), "signature verifies");
                assertTrue(!r.body().contains(SECRET), "the secret never appears in the payload");
            }
            JsonPath down = JsonPath.from(webhook.get(0).body());
            assertEquals("DOWN", down.getString("event"));
            assertEquals("staging-health", down.getString("monitor.name"));
            assertEquals("UP", down.getString("state.from"));
            assertEquals("DOWN", down.getString("state.to"));
            assertNotNull(down.getString("run.id"));
            assertTrue(down.getString("run.link").endsWith("/api/v1/validations/" + down.getString("run.id")));
            assertTrue(!down.getList("failures").isEmpty(), "the failure summary comes from the report: " + webhook.get(0).body());
            assertTrue(down.getString("failures[0].why").toLowerCase().contains("refused")
                    || down.getString("failures[0].why").toLowerCase().contains("connect"), webhook.get(0).body());
            assertTrue(hooks.at("/slack").get(0).body().contains("\"text\""), "Slack incoming-webhook format");
            assertTrue(hooks.at("/slack").get(1).body().contains("RECOVERED"));
            MimeMessage[] mails = GreenMailResource.greenMail.getReceivedMessages();
            assertTrue(mails[0].getSubject().contains("DOWN: staging-health"), mails[0].getSubject());
            assertTrue(mails[1].getSubject().contains("RECOVERED: staging-health"), mails[1].getSubject());
            assertEquals("ops@example.com", mails[0].getAllRecipients()[0].toString());

            // alerts and deliveries through the API; the webhook's first attempt failed and was retried
            List<Map<String, Object>> alerts = alerts(id);
            assertEquals(List.of("RECOVERED", "DOWN"), alerts.stream().map(a -> a.get("kind")).toList());
            JsonPath deliveries = given().get("/api/v1/monitors/" + id + "/deliveries").then().statusCode(200).extract().jsonPath();
            assertEquals(6, deliveries.getList("$").size());
            assertTrue(deliveries.getList("status").stream().allMatch("DELIVERED"::equals), deliveries.prettify());
            assertEquals(List.of(1, 1, 1, 1, 1, 2), deliveries.getList("attempts", Integer.class).stream().sorted().toList(),
                    "the webhook's first attempt got a 500 and was retried: " + deliveries.prettify());

            // history: uptime below 100 %, one closed incident with its first failing run
            JsonPath h = given().get("/api/v1/monitors/" + id + "/history?runs=200").then().statusCode(200).extract().jsonPath();
            float uptime = h.getFloat("uptime.24h");
            assertTrue(uptime > 0 && uptime < 100, "uptime " + uptime);
            assertEquals(1, h.getList("incidents").size(), h.prettify());
            assertEquals("DOWN", h.getString("incidents[0].state"));
            assertNotNull(h.getString("incidents[0].endedAt"));
            assertTrue(h.getLong("incidents[0].durationMs") > 0);
            String first = h.getString("incidents[0].firstFailingRunId");
            given().get("/api/v1/validations/" + first).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("FAILED"));
            assertTrue(h.getList("runs").size() >= 4);
            assertTrue(h.getList("runs.startDelayMs").stream().allMatch(d -> d != null));
            // the list shows each monitor's last run (the paused monitor's newest run)
            JsonPath list = given().get("/api/v1/monitors").then().statusCode(200).extract().jsonPath();
            assertEquals(List.of(id), list.getList("items.id"));
            assertEquals(h.getString("runs[0].id"), list.getString("items[0].lastRun.id"), list.prettify());
            assertNotNull(list.getString("items[0].lastRun.status"), list.prettify());

            // the badge: public with the key (no token), 404 with a wrong key, 401 without key or token
            String badge = given().get("/api/v1/monitors/" + id).then().extract().path("links.badge");
            RestAssured.requestSpecification = null;
            String svg = given().get(badge).then().statusCode(200).contentType("image/svg+xml").extract().asString();
            assertTrue(svg.startsWith("<svg") && svg.contains("staging-health"), svg);
            assertTrue(java.util.regex.Pattern.compile(">paused \\d+\\.\\d\\d%<").matcher(svg).find(), "state and 30-day uptime: " + svg);
            given().get("/api/v1/monitors/" + id + "/badge.svg?key=wrong").then().statusCode(404);
            given().get("/api/v1/monitors/" + id + "/badge.svg").then().statusCode(401);

            // another project sees nothing of it
            RestAssured.requestSpecification = ApiAuth.as("mon-other");
            given().get("/api/v1/monitors/" + id).then().statusCode(404).contentType("application/problem+json");
            given().get("/api/v1/monitors/" + id + "/history").then().statusCode(404);
            given().post("/api/v1/monitors/" + id + "/run").then().statusCode(404);
            given().delete("/api/v1/monitors/" + id).then().statusCode(404);
            assertEquals(0, given().get("/api/v1/monitors").then().extract().jsonPath().getList("items").size());
        }
    }

    /**
     * A monitor that logs in: its spec names a secret, the service holds the value (a file in its secrets folder, as a
     * mounted Kubernetes Secret gives it) and reads it when each scheduled run starts. Before the file exists the
     * monitor is refused, naming the secret and its line; afterwards it runs on schedule and passes, and the password
     * is in no column of any table and no report.
     */
    @Test
    void loginFlowMonitorTakesItsPasswordFromTheServiceSecrets() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        Path secretFile = Path.of("target/test-monitor-secrets/mon-secrets/STAGING_PASSWORD");
        Files.deleteIfExists(secretFile);
        try (var app = new StagingApp(password)) {
            RestAssured.requestSpecification = ApiAuth.as("mon-secrets");
            String monitor = """
                    name: staging-login
                    every: 1s
                    spec:
                      app: shop
                      environment: staging
                      target: { url: "%s", startupTimeout: 1s }
                      secrets: [STAGING_PASSWORD]
                      flows:
                        - name: sign in
                          steps:
                            - request: { method: POST, path: /login, json: { user: ada, password: "${secrets.STAGING_PASSWORD}" } }
                              expect: { status: 200 }
                              capture: { token: { json: "$.token" } }
                            - request: { path: /me, headers: { Authorization: "Bearer ${token}" } }
                              expect: { status: 200, json: { "$.user": ada } }
                    """.formatted(app.url());
            JsonPath refused = given().contentType("application/yaml").body(monitor.getBytes(StandardCharsets.UTF_8)).post("/api/v1/monitors")
                    .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
            assertEquals("spec.secrets[0]", refused.getString("errors[0].path"), refused.prettify());
            assertEquals(7, refused.getInt("errors[0].line"), refused.prettify());
            assertTrue(refused.getString("errors[0].message").contains("no secret STAGING_PASSWORD"), refused.prettify());

            Files.createDirectories(secretFile.getParent());
            Files.writeString(secretFile, password + "\n"); // as `echo` writes it: the line break is not part of the value
            String id = given().contentType("application/yaml").body(monitor.getBytes(StandardCharsets.UTF_8)).post("/api/v1/monitors")
                    .then().statusCode(201).extract().path("id");
            awaitState(id, "UP");
            given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
            JsonPath h = given().get("/api/v1/monitors/" + id + "/history").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> passed = h.<Map<String, Object>>getList("runs").stream().filter(r -> "PASSED".equals(r.get("status"))).toList();
            assertFalse(passed.isEmpty(), h.prettify());
            String run = (String) passed.get(0).get("id");
            assertNotNull(passed.get(0).get("scheduledAt"), "a scheduled run: " + h.prettify());
            JsonPath report = given().get("/api/v1/validations/" + run).then().statusCode(200).extract().jsonPath();
            assertEquals("PASSED", report.getString("report.flows[0].status"), report.prettify());

            var outputs = new java.util.LinkedHashMap<String, String>();
            outputs.put("GET monitor", given().get("/api/v1/monitors/" + id).asString());
            outputs.put("GET run", report.prettify());
            for (String format : List.of("json", "junit", "sarif", "markdown", "html")) {
                outputs.put(format + " report", given().get("/api/v1/validations/" + run + "/report?format=" + format).then().statusCode(200).extract().asString());
            }
            outputs.forEach((what, text) -> assertFalse(text.contains(password), "the password shows in the " + what));
            assertTrue(outputs.get("json report").contains("***"), "the password is masked where it was sent");
            assertEquals(List.of(), tablesContaining(password), "tables holding the password");
            assertFalse(tablesContaining("staging-login").isEmpty(), "the scan reads the tables (the monitor's name is found)");
        } finally {
            Files.deleteIfExists(secretFile);
        }
    }

    /** Every table of the database whose rows, as text, contain {@code needle}. */
    private List<String> tablesContaining(String needle) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> tables = em.createNativeQuery("select table_name from information_schema.tables"
                    + " where table_schema = current_schema() and table_type = 'BASE TABLE'").getResultList();
            List<String> found = new java.util.ArrayList<>();
            for (String t : tables) {
                Number n = (Number) em.createNativeQuery("select count(*) from \"" + t + "\" x where strpos(cast(x as text), :n) > 0")
                        .setParameter("n", needle).getSingleResult();
                if (n.longValue() > 0) found.add(t);
            }
            return found;
        });
    }

    private static void awaitState(String id, String state) {
        Poll.until(Duration.ofSeconds(45), () -> state.equals(given().get("/api/v1/monitors/" + id).then().extract().path("state")));
    }

    private static List<Map<String, Object>> alerts(String id) {
        return given().get("/api/v1/monitors/" + id + "/alerts").then().statusCode(200).extract().jsonPath().getList("$");
    }

}
