package io.shakedown.api;

import static io.restassured.RestAssured.given;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Projects and tokens for the API tests, made through the real admin endpoint with the test profile's admin token. */
public final class ApiAuth {
    /** %test.shakedown.auth.admin-token in application.properties. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private ApiAuth() {}

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Creates the project if it does not exist yet (optionally bound to a GitHub repository). */
    public static void ensureProject(String project, String githubRepository) {
        withoutDefaultToken(() -> {
            doEnsureProject(project, githubRepository);
            return null;
        });
    }

    private static void doEnsureProject(String project, String githubRepository) {
        var body = githubRepository == null ? Map.of("name", project) : Map.of("name", project, "githubRepository", githubRepository);
        int status = given().header("Authorization", bearer(ADMIN_TOKEN)).contentType("application/json").body(body)
                .post("/api/v1/admin/projects").statusCode();
        if (status != 201 && status != 409) throw new AssertionError("creating project " + project + ": " + status);
    }

    /** A fresh token of {@code project} (created if needed). */
    public static String newToken(String project) {
        return withoutDefaultToken(() -> {
            doEnsureProject(project, null);
            return issue(project);
        });
    }

    private static String issue(String project) {
        return given().header("Authorization", bearer(ADMIN_TOKEN)).contentType("application/json").body(Map.of("name", "test"))
                .post("/api/v1/admin/projects/" + project + "/tokens").then().statusCode(201).extract().path("token");
    }

    /** Admin calls must not also carry the project token a test class set as RestAssured's default. */
    private static synchronized <T> T withoutDefaultToken(java.util.function.Supplier<T> call) {
        var saved = io.restassured.RestAssured.requestSpecification;
        io.restassured.RestAssured.requestSpecification = null;
        try {
            return call.get();
        } finally {
            io.restassured.RestAssured.requestSpecification = saved;
        }
    }

    /** A request specification that sends a token of {@code project}: set as RestAssured.requestSpecification. */
    public static RequestSpecification as(String project) {
        return new RequestSpecBuilder().addHeader("Authorization", bearer(newToken(project))).build();
    }
}
