package io.shakedown.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Single-user local mode (shakedown.auth.enabled=false): no token asked for, no admin API. */
@QuarkusTest
@TestProfile(LocalNoAuthModeTest.AuthOff.class)
class LocalNoAuthModeTest {
    public static class AuthOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shakedown.auth.enabled", "false");
        }
    }

    @Test
    void noTokenNeededAndNoAdminApi() {
        RestAssured.requestSpecification = null;
        String spec = """
                app: local-mode
                target: { url: "http://127.0.0.1:9", startupTimeout: 1s }
                readiness: { http: { path: /health } }
                """;
        String id = given().contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8)).post("/api/v1/validations")
                .then().statusCode(202).extract().path("id");
        given().get("/api/v1/validations/" + id).then().statusCode(200).body("id", equalTo(id));
        given().get("/api/v1/admin/projects").then().statusCode(404).body("type", equalTo("urn:shakedown:problem:auth-disabled"));
        // the web UI is open too: no sign-in page, every run listed
        given().redirects().follow(false).get("/runs").then().statusCode(200).body(org.hamcrest.Matchers.containsString("local-mode"));
        given().redirects().follow(false).get("/runs/" + id).then().statusCode(200).body(org.hamcrest.Matchers.containsString("local-mode"));
        given().redirects().follow(false).get("/login?next=/runs/" + id).then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/runs/" + id));
    }

    static final String SPEC = """
            app: drive-by
            target: { image: "attacker/miner:latest", port: 8080 }
            """;

    @Test
    void aWebPageOnAnotherSiteCannotStartARun() {
        RestAssured.requestSpecification = null;
        // what any page can send without a preflight: a text/plain (or form) POST
        given().contentType("text/plain").body(SPEC.getBytes(StandardCharsets.UTF_8)).post("/api/v1/validations")
                .then().statusCode(415).body("type", equalTo("urn:shakedown:problem:cross-site-content-type"))
                .body("detail", org.hamcrest.Matchers.containsString("Content-Type text/plain"));
        given().contentType("application/x-www-form-urlencoded").formParam("spec", SPEC).post("/api/v1/validations")
                .then().statusCode(415);
        // a YAML POST a browser marks as cross-site (fetch with a preflight the service never answered, or a form)
        given().contentType("application/yaml").header("Sec-Fetch-Site", "cross-site").body(SPEC.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations").then().statusCode(403).body("type", equalTo("urn:shakedown:problem:cross-site-request"));
        // an older browser: only its Origin says where the page came from
        given().contentType("application/yaml").header("Origin", "https://evil.example").body(SPEC.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations").then().statusCode(403).body("detail", org.hamcrest.Matchers.containsString("https://evil.example"));
        // nothing was queued by any of them
        given().get("/api/v1/validations?app=drive-by").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void uiFormsNeedTheirCsrfTokenEvenWithAuthenticationOff() {
        RestAssured.requestSpecification = null;
        // same-origin, but no CSRF token: a form another page built (or a replayed one) is refused
        given().redirects().follow(false).header("Sec-Fetch-Site", "same-origin").formParam("environment", "ci")
                .formParam("runId", "00000000-0000-0000-0000-000000000000").post("/apps/local-mode/pin").then().statusCode(403);
        given().redirects().follow(false).formParam("csrf", "guessed").formParam("environment", "ci")
                .formParam("runId", "00000000-0000-0000-0000-000000000000").post("/apps/local-mode/pin").then().statusCode(403);
    }
}
