package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RulesResourceTest {

    @Test
    void needsAToken() {
        given().get("/api/v1/rules").then().statusCode(401);
    }

    @Test
    void servesTheRulePackSchemaForEditors() {
        given().spec(ApiAuth.as("rules-reader")).get("/api/v1/rules/schema").then().statusCode(200)
                .contentType("application/schema+json")
                .body("$defs.rule.required", hasItem("id"));
    }

    @Test
    void listsTheLoadedRulesWithIdsSeveritiesAndHelpUris() {
        given().spec(ApiAuth.as("rules-reader")).get("/api/v1/rules").then().statusCode(200)
                .body("count", greaterThanOrEqualTo(40))
                .body("rules.id", hasItem("quarkus-http-host-loopback"))
                .body("rules.find { it.id == 'gunicorn-default-bind' }.severity", equalTo("error"))
                .body("rules.find { it.id == 'gunicorn-default-bind' }.helpUri", equalTo("https://docs.gunicorn.org/en/stable/settings.html#bind"))
                .body("rules.find { it.id == 'jvm-heap-over-limit' }.frameworks", hasItem("any"))
                .body("frameworks.id", hasItem("quarkus"));
    }
}
