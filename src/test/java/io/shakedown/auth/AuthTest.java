package io.shakedown.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.shakedown.support.Management;
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
        given().get(Management.url("/q/health/live")).then().statusCode(200);
        // health, metrics and the OpenAPI document are on the management interface only, not on the public port
        for (String operations : List.of("/q/health/live", "/q/metrics", "/q/openapi")) given().get(operations).then().statusCode(404);
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

    @Test
    void githubOidcBindsTheRepositorysIdsAndTheProjectsConditions() throws Exception {
        // bound by name only, as every binding made before the ids were kept: the first verified token records its ids
        ApiAuth.ensureProject("oidc-ids", "acme/ids");
        Map<String, Object> ids = Map.of("repository_id", "1001", "repository_owner_id", "2001");
        String first = GitHubJwks.token("acme/ids", ids);
        given().header("Authorization", ApiAuth.bearer(first)).get("/api/v1/validations").then().statusCode(200);
        assertEquals(List.of(1001L, 2001L), boundIds("oidc-ids"));
        // the same name under another repository (deleted or renamed, and the name taken again): refused, saying which claim
        String impostor = GitHubJwks.token("acme/ids", Map.of("repository_id", "9999", "repository_owner_id", "2001"));
        given().header("Authorization", ApiAuth.bearer(impostor)).get("/api/v1/validations").then().statusCode(401)
                .body("detail", containsString("repository_id 9999"), "detail", not(containsString(impostor)));
        // the bound repository renamed keeps its ids: still the project; moved to another owner: refused
        given().header("Authorization", ApiAuth.bearer(GitHubJwks.token("acme/ids-renamed", ids))).get("/api/v1/validations").then().statusCode(200);
        given().header("Authorization", ApiAuth.bearer(GitHubJwks.token("other/ids", Map.of("repository_id", "1001", "repository_owner_id", "7")))).get("/api/v1/validations")
                .then().statusCode(401).body("detail", containsString("repository_owner_id 7"));

        // conditions through the admin API
        var admin = given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json");
        admin.body(Map.of("repository", "acme/ids", "repositoryId", 1001, "ownerId", 2001, "ref", "refs/heads/main",
                "workflow", "acme/ids/.github/workflows/deploy.yml@*", "environment", "production")).put("/api/v1/admin/projects/oidc-ids/github")
                .then().statusCode(200).body("github.ref", equalTo("refs/heads/main")).body("github.repositoryId", equalTo(1001));
        Map<String, Object> deploy = new java.util.HashMap<>(ids);
        deploy.putAll(Map.of("job_workflow_ref", "acme/ids/.github/workflows/deploy.yml@refs/heads/main", "workflow", "Deploy", "environment", "production"));
        Map<String, Object> feature = new java.util.HashMap<>(deploy);
        feature.put("ref", "refs/heads/feature");
        Map<String, Object> ci = new java.util.HashMap<>(deploy);
        ci.putAll(Map.of("job_workflow_ref", "acme/ids/.github/workflows/ci.yml@refs/heads/main", "workflow", "CI"));
        Map<String, Object> noEnvironment = new java.util.HashMap<>(deploy);
        noEnvironment.remove("environment");
        for (var refused : Map.of(feature, "ref refs/heads/feature", ci, "job_workflow_ref acme/ids/.github/workflows/ci.yml", noEnvironment, "environment (none")
                .entrySet()) {
            given().header("Authorization", ApiAuth.bearer(GitHubJwks.token("acme/ids", refused.getKey()))).get("/api/v1/validations").then()
                    .statusCode(401).body("detail", containsString(refused.getValue()));
        }
        given().header("Authorization", ApiAuth.bearer(GitHubJwks.token("acme/ids", deploy))).get("/api/v1/validations").then().statusCode(200);

        // bad input: 400 naming the field; another project's repository: 409
        String github = "/api/v1/admin/projects/oidc-ids/github";
        for (var bad : List.<Map.Entry<Map<String, Object>, String>>of(
                Map.entry(Map.of("repository", "not a repository"), "repository"),
                Map.entry(Map.of("repository", "acme/ids", "repositoryId", -1, "ownerId", 2001), "repositoryId"),
                Map.entry(Map.of("repository", "acme/ids", "repositoryId", 1001), "ownerId"),
                Map.entry(Map.of("repository", "acme/ids", "ref", " "), "ref"),
                Map.entry(Map.of("repository", "acme/ids", "environment", "e".repeat(256)), "environment"))) {
            given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json").body(bad.getKey()).put(github)
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].path", equalTo(bad.getValue()));
        }
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json").body("{\"repository\":\"acme/ids\",\"repositoryId\":\"abc\"}")
                .put(github).then().statusCode(400).contentType(PROBLEM).body("detail", containsString("repositoryId"));
        ApiAuth.ensureProject("oidc-other", null);
        given().header("Authorization", ApiAuth.bearer(ApiAuth.ADMIN_TOKEN)).contentType("application/json")
                .body(Map.of("repository", "acme/elsewhere", "repositoryId", 1001, "ownerId", 2001)).put("/api/v1/admin/projects/oidc-other/github")
                .then().statusCode(409);
        issued.addAll(List.of(first, impostor));
        tokensNeverLogged();
    }

    @Transactional
    List<Long> boundIds(String project) {
        Object[] row = (Object[]) em.createNativeQuery("select github_repository_id, github_owner_id from project where name = ?1")
                .setParameter(1, project).getSingleResult();
        return java.util.Arrays.stream(row).map(v -> v == null ? null : ((Number) v).longValue()).toList();
    }

    void tokensNeverLogged() throws Exception {
        Path log = Path.of("target/quarkus-test.log");
        String text = Files.exists(log) ? Files.readString(log) : "";
        for (String t : issued) assertFalse(text.contains(t), "a token is in the log");
        assertFalse(text.contains(ApiAuth.ADMIN_TOKEN), "the admin token is in the log");
    }
}
