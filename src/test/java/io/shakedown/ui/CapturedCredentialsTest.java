package io.shakedown.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.shakedown.api.ApiAuth;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flow that logs in and sends {@code Authorization: Bearer ${token}}: the captured token (and the session cookie
 * the app sets) appear in no report format, no page of the UI and no column of the stored run, while a capture the
 * spec marks {@code redact: false} is shown. The app is a small HTTP server in this JVM (a URL target): its token is
 * known, so its absence can be checked for.
 */
@QuarkusTest
class CapturedCredentialsTest {
    static final String TOKEN = "tok-" + UUID.randomUUID();
    static final String SESSION = "sess-" + UUID.randomUUID();
    static final String SHOWN = "trace-" + UUID.randomUUID();

    @Inject EntityManager em;
    HttpServer app;

    @BeforeEach
    void startTheApp() throws Exception {
        RestAssured.requestSpecification = null;
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/health", ex -> send(ex, 200, "{\"status\":\"UP\"}"));
        app.createContext("/login", ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "session=" + SESSION + "; Path=/; HttpOnly");
            ex.getResponseHeaders().add("X-Trace", SHOWN);
            send(ex, 200, "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\"}");
        });
        app.createContext("/me", ex -> {
            // like many apps, it echoes who called: the token comes back in the body
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            send(ex, auth.equals("Bearer " + TOKEN) ? 200 : 401, "{\"authorization\":\"" + auth + "\"}");
        });
        app.start();
    }

    @AfterEach
    void stopTheApp() {
        app.stop(0);
    }

    private static void send(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void aCapturedBearerTokenIsInNoReportPageOrRow() {
        String token = ApiAuth.newToken("credentials");
        String spec = """
                app: credentials-app
                environment: ui-test
                target: { url: "http://127.0.0.1:%d" }
                readiness: { http: { path: /health, status: 200 } }
                flows:
                  - name: log in and read me
                    steps:
                      - name: log in
                        request: { method: POST, path: /login, json: { user: alice } }
                        capture:
                          token: { json: "$.access_token" }
                          trace: { header: X-Trace, redact: false }
                      - name: read me
                        request: { path: /me, headers: { Authorization: "Bearer ${token}", X-Trace: "${trace}" } }
                        expect: { status: 200 }
                """.formatted(app.getAddress().getPort());
        JsonPath run = given().header("Authorization", ApiAuth.bearer(token)).contentType("application/yaml")
                .body(spec.getBytes(StandardCharsets.UTF_8)).post("/api/v1/validations?wait=60").then().statusCode(200).extract().jsonPath();
        assertEquals("PASSED", run.getString("status"), run.getString("summary"));
        String id = run.getString("id");
        assertEquals("***", run.getString("report.flows[0].steps[0].captured.token"));
        assertEquals("Bearer ***", run.getString("report.flows[0].steps[1].request.headers.Authorization"));
        assertEquals(SHOWN, run.getString("report.flows[0].steps[0].captured.trace"), "redact: false shows the capture");

        var outputs = new LinkedHashMap<String, String>();
        outputs.put("GET run", given().header("Authorization", ApiAuth.bearer(token)).get("/api/v1/validations/" + id)
                .then().statusCode(200).extract().asString());
        for (String format : List.of("json", "junit", "sarif", "markdown", "html")) {
            outputs.put(format + " report", given().header("Authorization", ApiAuth.bearer(token))
                    .get("/api/v1/validations/" + id + "/report?format=" + format).then().statusCode(200).extract().asString());
        }
        String session = UiSignInTest.signIn(token, "/runs/" + id);
        outputs.put("UI run page", given().cookie(Sessions.COOKIE, session).get("/runs/" + id).then().statusCode(200).extract().asString());
        outputs.put("UI runs list", given().cookie(Sessions.COOKIE, session).get("/runs").then().statusCode(200).extract().asString());
        outputs.put("database row", QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery(
                "select cast(row_to_json(v) as text) from validation_run v where id = :id").setParameter("id", UUID.fromString(id))
                .getSingleResult())));
        assertTrue(outputs.get("database row").contains("Bearer ***"), outputs.get("database row"));
        for (var output : outputs.entrySet()) {
            for (String credential : List.of(TOKEN, SESSION)) {
                assertFalse(output.getValue().contains(credential), output.getKey() + " shows " + credential + ":\n" + output.getValue());
            }
        }
        assertTrue(outputs.get("json report").contains(SHOWN), "the capture marked redact: false is shown");
    }
}
