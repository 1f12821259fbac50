package io.shakedown.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shakedown.api.ApiAuth;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens and projects through the real HTTP API and PostgreSQL: who may call what, and that one project
 * never sees, lists or cancels another's runs (404, exactly as for an id that does not exist).
 * GitHub OIDC tokens are signed with a locally generated key served as JWKS on 127.0.0.1 ({@link GitHubJwks}).
 */
@QuarkusTest
@QuarkusTestResource(value = GitHubJwks.class, restrictToAnnotatedClass = true)
class AuthTest {
    static final String PROBLEM = "application/problem+json";
    // a URL target nobody listens on: the run is real but short, and its outcome does not matter here
    static final String SPEC = """
            app: auth-%s
            target: { url: "http://127.0.0.1:9", startupTimeout: 2s }
            readiness: { http: { path: /health } }
            """;
    final List<String> issued = new ArrayList<>();

    @Inject EntityManager em;

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    String token(String project) {
        String t = ApiAuth.newToken(project);
        issued.add(t);
        return t;
    }

    String submit(String token) {
        return given().header("Authorization", ApiAuth.bearer(token)).contentType("application/yaml")
                .body(SPEC.formatted(UUID.randomUUID().toString().substring(0, 8)).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/validations")
                .then().statusCode(202).extract().path("id");
    }

    @Test
    void everyRunEndpointNeedsAToken() {
        String id = UUID.randomUUID().toString();
        given().get("/api/v1/validations").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer")).body("type", equalTo("urn:shakedown:problem:unauthorized"));
        given().contentType("application/yaml").body(SPEC.formatted("x").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/validations").then().statusCode(401);
        given().get("/api/v1/validations/" + id).then().statusCode(401);
        given().get("/api/v1/validations/" + id + "/report").then().statusCode(401);
        given().get("/api/v1/validations/" + id + "/events").then().statusCode(401);
        given().delete("/api/v1/validations/" + id).then().statusCode(401);
        given().header("Authorization", "Bearer sdk_not-a-real-token").get("/api/v1/validations").then().statusCode(401)
                .body("detail", not(containsString("sdk_not-a-real-token")));
        // open: health and the spec schema
        given().get("/q/health/live").then().statusCode(200);
        given().get("/api/v1/spec/schema").then().statusCode(200);
        // a public endpoint ignores a token it does not need, even a bad one
        given().header("Authorization", "Bearer sdk_not-a-real-token").get("/api/v1/spec/schema").then().statusCode(200);
    }

    @Test
    void anEndpointThatDeclaresNoRoleIsRefusedToEveryone() {
        String path = "/api/v1/test-only/undeclared"; // io.shakedown.api.UndeclaredTestResource, in the tests only
        given().get(path).then().statusCode(401).contentType(PROBLEM).body(not(containsString("nobody declared")));
        given().header("Authorization", ApiAuth.bearer(token("undeclared"))).get(path).then().statusCode(401).contentType(PROBLEM)
                .body(not(containsString("nobody declared")));
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).get(path).then().statusCode(401)
                .body(not(containsString("nobody declared")));
    }

    @Test
    void adminEndpointsTakeOnlyTheAdminToken() {
        String projectToken = token("admin-check");
        given().get("/api/v1/admin/projects").then().statusCode(401);
        given().header("Authorization", ApiAuth.bearer(projectToken)).get("/api/v1/admin/projects").then().statusCode(401);
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).get("/api/v1/admin/projects").then().statusCode(200)
                .body("name", hasItem("admin-check"));
        // the admin token is not a project token
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).get("/api/v1/validations").then().statusCode(401);
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json")
                .body(Map.of("name", "bad name!")).post("/api/v1/admin/projects").then().statusCode(400).body("errors[0].path", equalTo("name"));
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json")
                .body(Map.of("name", "admin-check")).post("/api/v1/admin/projects").then().statusCode(409);
        // values longer than their columns are the client's mistake, named, not a database error
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json")
                .body(Map.of("name", "long-repo", "githubRepository", "acme/" + "x".repeat(300))).post("/api/v1/admin/projects")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].path", equalTo("githubRepository"));
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json")
                .body(Map.of("name", "t".repeat(256))).post("/api/v1/admin/projects/admin-check/tokens")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].path", equalTo("name"));
    }

    @Test
    void projectsSeeOnlyTheirOwnRuns() {
        String a = token("project-a"), b = token("project-b");
        String runOfA = submit(a);
        String unknown = UUID.randomUUID().toString();
        String base = "/api/v1/validations/";

        given().header("Authorization", ApiAuth.bearer(a)).get(base + runOfA).then().statusCode(200).body("id", equalTo(runOfA));
        given().header("Authorization", ApiAuth.bearer(a)).get("/api/v1/validations").then().statusCode(200).body("items.id", hasItem(runOfA));

        for (String id : List.of(runOfA, unknown)) {
            // B is told exactly what it is told about a run that does not exist
            given().header("Authorization", ApiAuth.bearer(b)).get(base + id).then().statusCode(404).contentType(PROBLEM)
                    .body("type", equalTo("urn:shakedown:problem:run-not-found")).body("detail", equalTo("no validation run " + id));
            given().header("Authorization", ApiAuth.bearer(b)).get(base + id + "/report").then().statusCode(404);
            given().header("Authorization", ApiAuth.bearer(b)).get(base + id + "/events").then().statusCode(404);
            given().header("Authorization", ApiAuth.bearer(b)).delete(base + id).then().statusCode(404)
                    .body("type", equalTo("urn:shakedown:problem:run-not-found"));
        }
        given().header("Authorization", ApiAuth.bearer(b)).get("/api/v1/validations?limit=200").then().statusCode(200)
                .body("items.id", not(hasItem(runOfA)));
        // A's run was not cancelled by B's attempt
        given().header("Authorization", ApiAuth.bearer(a)).get(base + runOfA).then().body("cancelRequested", not(equalTo(true)));
    }

    @Test
    void revokedTokensStopWorkingAndTokensAreStoredHashed() {
        String t = token("revoke-me");
        given().header("Authorization", ApiAuth.bearer(t)).get("/api/v1/validations").then().statusCode(200);
        String tokenId = given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).get("/api/v1/admin/projects/revoke-me/tokens")
                .then().statusCode(200).body("token", not(hasItem(t))).extract().path("[-1].id");
        assertEquals(Tokens.sha256Hex(t), storedHash(UUID.fromString(tokenId)));
        assertNotEquals(t, storedHash(UUID.fromString(tokenId)));
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).delete("/api/v1/admin/projects/revoke-me/tokens/" + tokenId)
                .then().statusCode(204);
        given().header("Authorization", ApiAuth.bearer(t)).get("/api/v1/validations").then().statusCode(401);
    }

    @Transactional
    String storedHash(UUID id) {
        return (String) em.createNativeQuery("select token_hash from api_token where id = ?1").setParameter(1, id).getSingleResult();
    }

    @Test
    void githubOidcTokenActsForTheBoundProject() throws Exception {
        ApiAuth.ensureProject("acme-shop", "Acme/Shop");
        String jwt = GitHubJwks.token("acme/shop");
        String run = submit(jwt);
        given().header("Authorization", ApiAuth.bearer(jwt)).get("/api/v1/validations/" + run).then().statusCode(200);
        // the project's own API token sees the same run: the repository maps to that project
        given().header("Authorization", ApiAuth.bearer(token("acme-shop"))).get("/api/v1/validations/" + run).then().statusCode(200);

        given().header("Authorization", ApiAuth.bearer(GitHubJwks.token("someone/else"))).get("/api/v1/validations").then()
                .statusCode(401).body("detail", containsString("no project is bound to GitHub repository someone/else"));
        var stranger = RsaJwkGenerator.generateJwk(2048);
        stranger.setKeyId("test-key-1"); // same key id, other key: the signature must not verify
        for (String bad : List.of(
                GitHubJwks.token(stranger, GitHubJwks.ISSUER, "shakedown", "acme/shop", 5),
                GitHubJwks.token(GitHubJwks.key, "https://evil.example", "shakedown", "acme/shop", 5),
                GitHubJwks.token(GitHubJwks.key, GitHubJwks.ISSUER, "someone-elses-audience", "acme/shop", 5),
                GitHubJwks.token(GitHubJwks.key, GitHubJwks.ISSUER, "shakedown", "acme/shop", -5))) {
            given().header("Authorization", ApiAuth.bearer(bad)).get("/api/v1/validations").then().statusCode(401)
                    .body("detail", containsString("does not verify"));
        }
        issued.add(jwt);
        tokensNeverLogged();
    }

    void tokensNeverLogged() throws Exception {
        Path log = Path.of("target/quarkus-test.log");
        String text = Files.exists(log) ? Files.readString(log) : "";
        for (String t : issued) assertFalse(text.contains(t), "a token is in the log");
        assertFalse(text.contains(ApiAuth.ADMIN_TOKEN), "the admin token is in the log");
    }
}
