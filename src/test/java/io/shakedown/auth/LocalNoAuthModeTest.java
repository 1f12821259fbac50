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
}
