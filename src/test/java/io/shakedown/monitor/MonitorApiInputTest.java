package io.shakedown.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shakedown.api.ApiAuth;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the monitors API is a 400 problem+json naming the field (and line); a refused apply changes nothing
 * stored; apply creates, updates, leaves unchanged, prunes, and --dry-run only reports.
 */
@QuarkusTest
class MonitorApiInputTest {

    static final String TARGET = "http://127.0.0.1:9";

    @BeforeEach
    void auth() {
        RestAssured.requestSpecification = ApiAuth.as("mon-input");
    }

    @AfterEach
    void reset() {
        RestAssured.requestSpecification = null;
    }

    private static String monitor(String name, String schedule, String extra) {
        return """
                name: %s
                %s
                paused: true
                spec: { app: shop, target: { url: "%s" } }
                %s
                """.formatted(name, schedule, TARGET, extra);
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType("application/yaml").body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/monitors").then();
    }

    @Test
    void badFieldsAre400NamingTheFieldAndLine() {
        post(monitor("a", "cron: \"*/10 * * *\"", "")).statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem("cron")).body("errors[0].line", equalTo(2)).body("detail", containsString("cron"));
        post(monitor("b", "cron: \"0 * * * *\"\ntimezone: Mars/Olympus", "")).statusCode(400)
                .body("errors.path", hasItem("timezone")).body("errors.find { it.path == 'timezone' }.line", equalTo(3));
        post(monitor("c", "every: 500ms", "")).statusCode(400)
                .body("errors.path", hasItem("every")).body("errors[0].message", containsString("shakedown.monitors.min-interval"));
        post(monitor("d", "every: 1m", "alerts: { channels: [ { type: webhook, url: \"file:///etc/passwd\" } ] }")).statusCode(400)
                .body("errors.path", hasItem("alerts.channels[0].url")).body("errors[0].message", containsString("http(s)"));
        post(monitor("e", "every: 1m", "failureTreshold: 3")).statusCode(400)
                .body("errors[0].path", equalTo("failureTreshold")).body("errors[0].message", containsString("did you mean \"failureThreshold\""));
        post("name: f\nevery: 1m\nspec: { app: shop }\n").statusCode(400).body("errors.path", hasItem("spec.target"));
        assertEquals(0, names().size(), "nothing was stored");
    }

    @Test
    void badQueryAndPathParametersAre400NamingThemAndWhatIsAllowed() {
        // checked before the monitor is looked up: the same answer whether or not it exists
        List<String> before = names();
        given().queryParam("runs", "0").get("/api/v1/monitors/nope/history").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", equalTo("runs")).body("errors[0].message", equalTo("must be a whole number from 1 to 1000, got: 0"));
        given().queryParam("limit", "ten").get("/api/v1/monitors/nope/alerts").then().statusCode(400)
                .body("errors[0].path", equalTo("limit")).body("errors[0].message", equalTo("must be a whole number from 1 to 200, got: ten"));
        given().queryParam("limit", "501").get("/api/v1/monitors/nope/deliveries").then().statusCode(400)
                .body("errors[0].path", equalTo("limit")).body("errors[0].message", equalTo("must be a whole number from 1 to 500, got: 501"));
        given().queryParam("runs", "").get("/api/v1/monitors/nope/history").then().statusCode(404); // blank: the default
        apply("monitors: []\n", "?prune=maybe").statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", equalTo("prune")).body("errors[0].message", equalTo("must be true or false, got: maybe"));
        given().contentType("application/yaml").body("app: x\n".getBytes(StandardCharsets.UTF_8)).put("/api/v1/gates/-bad").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].path", equalTo("name"))
                .body("errors[0].message", equalTo("must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit, got: -bad"));
        assertEquals(before, names(), "the refused apply (an empty file, prune) deleted nothing");
    }

    @Test
    void applyEnvelopeOfJsonNullIs400NamingTheFile() {
        given().contentType("application/vnd.shakedown.monitors+json").body("null").post("/api/v1/monitors/apply").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].path", equalTo("file"));
    }

    @Test
    void nulCharacterInPathOrQueryIs400NotA500() {
        // PostgreSQL refuses NUL in text parameters: without the filter each of these reached a query and answered 500
        for (String path : List.of("/api/v1/monitors/a%00b", "/api/v1/monitors/a%00b/badge.svg?key=k", "/api/v1/gates/a%00b")) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].path", equalTo("path"));
        }
        given().urlEncodingEnabled(false).get("/api/v1/validations?app=a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].path", equalTo("app"));
        given().urlEncodingEnabled(false).get("/api/v1/gates/g/argo?url=http://127.0.0.1:9/%00").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].path", equalTo("url"));
    }

    @Test
    void targetLongerThanTheRunsColumnIs400NotA500() {
        // validation_run.target is varchar(2048): such a URL failed the run's insert with a 500 (or, in a monitor, every tick)
        String url = "http://127.0.0.1:9/" + "a".repeat(2048);
        post("name: long\nevery: 1m\npaused: true\nspec: { app: shop, target: { url: \"" + url + "\" } }\n").statusCode(400)
                .contentType("application/problem+json").body("errors.path", hasItem("spec.target.url"));
        given().contentType("application/yaml").queryParam("url", url)
                .body("app: shop\ntarget: { url: \"http://127.0.0.1:9\" }\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations").then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem("target.url"));
    }

    @Test
    void applyIsAllOrNothingWithDryRunAndPrune() {
        String v1 = "monitors:\n" + indent(monitor("alpha", "every: 1m", "")) + indent(monitor("beta", "every: 2m", ""));
        apply(v1, "").statusCode(200).body("created", equalTo(List.of("alpha", "beta")));
        apply(v1, "").statusCode(200).body("unchanged", equalTo(List.of("alpha", "beta"))).body("created", equalTo(List.of()));

        // a file with a typo is refused as a whole: alpha's change is not applied, gamma is not created, nothing is pruned
        String broken = "monitors:\n" + indent(monitor("alpha", "every: 5m", "")) + indent(monitor("gamma", "evry: 1m", ""));
        apply(broken, "?prune=true").statusCode(400).body("errors[0].path", equalTo("monitors[1].evry"))
                .body("errors[0].line", equalTo(7));
        assertEquals(List.of("alpha", "beta"), names());
        given().get("/api/v1/monitors/alpha").then().body("every", equalTo("1m"));

        String v2 = "monitors:\n" + indent(monitor("alpha", "every: 5m", "")) + indent(monitor("gamma", "every: 1m", ""));
        apply(v2, "?prune=true&dryRun=true").statusCode(200).body("dryRun", equalTo(true))
                .body("updated", equalTo(List.of("alpha"))).body("created", equalTo(List.of("gamma"))).body("deleted", equalTo(List.of("beta")));
        assertEquals(List.of("alpha", "beta"), names(), "a dry run changes nothing");
        apply(v2, "?prune=true").statusCode(200).body("deleted", equalTo(List.of("beta")));
        assertEquals(List.of("alpha", "gamma"), names());
        given().get("/api/v1/monitors/alpha").then().body("every", equalTo("5m"));
        // without --prune monitors the file lacks stay
        apply("monitors:\n" + indent(monitor("alpha", "every: 5m", "")), "").statusCode(200).body("deleted", equalTo(List.of()));
        assertEquals(List.of("alpha", "gamma"), names());

        // the CLI's envelope: secrets for secretEnv travel beside the file, never stored in clear in a response
        String withSecret = "monitors:\n" + indent(monitor("alpha", "every: 5m",
                "alerts: { channels: [ { type: webhook, url: \"http://127.0.0.1:9/h\", secretEnv: HOOK_SECRET } ] }"));
        given().contentType("application/vnd.shakedown.monitors+json")
                .body(Map.of("file", withSecret, "secrets", Map.of("HOOK_SECRET", "topsecret-value")))
                .post("/api/v1/monitors/apply").then().statusCode(200).body("updated", equalTo(List.of("alpha")));
        String shown = given().get("/api/v1/monitors/alpha").then().statusCode(200).extract().asString();
        assertEquals(false, shown.contains("topsecret-value"), shown);
        given().get("/api/v1/monitors/alpha").then().body("channels[0].secret", equalTo("(set)"));
    }

    private static io.restassured.response.ValidatableResponse apply(String file, String query) {
        return given().contentType("application/yaml").body(file.getBytes(StandardCharsets.UTF_8)).post("/api/v1/monitors/apply" + query).then();
    }

    private static List<String> names() {
        return given().get("/api/v1/monitors").then().statusCode(200).extract().jsonPath().getList("items.name");
    }

    private static String indent(String monitor) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (String line : monitor.strip().split("\n")) {
            sb.append(first ? "  - " : "    ").append(line).append('\n');
            first = false;
        }
        return sb.toString();
    }
}
