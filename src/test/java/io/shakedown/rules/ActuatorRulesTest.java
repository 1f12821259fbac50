package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.report.Report;
import io.shakedown.spec.ValidationSpec.RulesSpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in actuator rules against a server answering as Spring Boot 3.5's actuator does (the bodies are the real
 * shapes, shortened): masked values are a warning, shown secrets fail naming each key and never quoting a value,
 * writes are judged from OPTIONS (never sent), and look-alikes (a server answering OPTIONS on every path, an actuator
 * behind authentication) find nothing; likewise Quarkus's Dev UI against an SPA fallback. The real app is in
 * HealthyAppsTest and FrameworkAppsTest.
 */
class ActuatorRulesTest {
    record Answer(int status, String allow, String body) {}

    static HttpServer server;
    static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();
    static final List<String> REQUESTS_SEEN = new ArrayList<>();
    static Answer otherwise;

    static final String LINKS = """
            {"_links":{"self":{"href":"http://h/actuator","templated":false},"beans":{"href":"http://h/actuator/beans","templated":false},
            "health":{"href":"http://h/actuator/health","templated":false},"health-path":{"href":"http://h/actuator/health/{*path}","templated":true},
            "info":{"href":"http://h/actuator/info","templated":false},"configprops":{"href":"http://h/actuator/configprops","templated":false},
            "env":{"href":"http://h/actuator/env","templated":false},"loggers":{"href":"http://h/actuator/loggers","templated":false},
            "loggers-name":{"href":"http://h/actuator/loggers/{name}","templated":true},"mappings":{"href":"http://h/actuator/mappings","templated":false}}}""";

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            synchronized (REQUESTS_SEEN) {
                REQUESTS_SEEN.add(x.getRequestMethod() + " " + x.getRequestURI().getPath());
            }
            Answer a = ANSWERS.getOrDefault(x.getRequestMethod() + " " + x.getRequestURI().getPath(), otherwise);
            byte[] body = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
            if (a.allow() != null) x.getResponseHeaders().add("Allow", a.allow());
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) x.getResponseBody().write(body);
            x.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void reset() {
        ANSWERS.clear();
        otherwise = new Answer(404, null, "{\"status\":404,\"error\":\"Not Found\"}");
    }

    static Map<String, Report.Finding> findings() {
        return findings(":: Spring Boot ::                (v3.5.7)\n", "spring-actuator");
    }

    /** The findings whose rule id starts with {@code prefix}, for an app whose log is {@code log}. */
    static Map<String, Report.Finding> findings(String log, String prefix) {
        var target = ConditionLogicTest.target(log, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        var inputs = new RuleInputs(new ImageReads(null), target, true, List.of(), HttpClient.newHttpClient());
        var outcome = new RuleEngine(RuleSet.builtIn()).evaluate(inputs, RulesSpec.DEFAULT);
        return outcome.findings().stream().filter(f -> f.ruleId().startsWith(prefix))
                .collect(Collectors.toMap(Report.Finding::ruleId, f -> f));
    }

    static String all(Report.Finding f) {
        return f.message() + "\n" + String.join("\n", f.evidence()) + "\n" + f.fix();
    }

    @Test
    void everyEndpointExposedWithSpringsDefaultMaskingIsWarningsOnly() {
        ANSWERS.put("GET /actuator", new Answer(200, null, LINKS));
        ANSWERS.put("GET /actuator/env", new Answer(200, null, JsonValuesTest.ENV_MASKED));
        ANSWERS.put("OPTIONS /actuator/env", new Answer(200, "GET,HEAD,OPTIONS", null));
        ANSWERS.put("OPTIONS /actuator/loggers/ROOT", new Answer(200, "GET,HEAD,POST,OPTIONS", null));
        var found = findings();
        assertEquals(List.of("spring-actuator-loggers-writable", "spring-actuator-open"), found.keySet().stream().sorted().toList(), found.toString());
        var open = found.get("spring-actuator-open");
        assertEquals("warning", open.severity().id());
        assertEquals("5 actuator endpoints besides health and info are open without authentication; values masked; "
                + "restrict management.endpoints.web.exposure.include", open.message());
        assertTrue(all(open).contains("GET /actuator/env → 200; body: ") && all(open).contains("3 JSON value(s), every one masked (******)"), all(open));
        assertEquals("warning", found.get("spring-actuator-loggers-writable").severity().id());
        assertTrue(all(found.get("spring-actuator-loggers-writable")).contains("Allow: GET,HEAD,POST,OPTIONS"));
        assertFalse(REQUESTS_SEEN.stream().anyMatch(r -> r.startsWith("POST /actuator")), "a write is judged from OPTIONS, never sent: " + REQUESTS_SEEN);
    }

    @Test
    void shownSecretsFailNamingEveryKeyAndItsSourceButNoValueAndAnOpenHeapDumpFails() {
        ANSWERS.put("GET /actuator", new Answer(200, null, LINKS));
        ANSWERS.put("GET /actuator/env", new Answer(200, null, JsonValuesTest.ENV_SHOWN));
        ANSWERS.put("GET /actuator/configprops", new Answer(200, null, JsonValuesTest.CONFIGPROPS_SHOWN));
        ANSWERS.put("OPTIONS /actuator/heapdump", new Answer(200, "GET,HEAD,OPTIONS", null));
        ANSWERS.put("OPTIONS /actuator/shutdown", new Answer(200, "POST,OPTIONS", null));
        var found = findings();
        var exposed = found.get("spring-actuator-exposed");
        assertEquals("error", exposed.severity().id());
        assertEquals("secret values are readable without credentials: API_KEY (systemEnvironment), SECRET_TOKEN (systemEnvironment), "
                + "DATABASE_URL (systemEnvironment), spring.datasource.password (Config resource 'file [config/application.properties]'), "
                + "apiKey (acme.payment) (values redacted here; rotate them)", exposed.message());
        for (String value : List.of("k-8a7f6e5d", "tok-31337", "pw-in-url", "db-s3cret", "pk_live_99")) {
            found.values().forEach(f -> assertFalse(all(f).contains(value), f.ruleId() + " quotes " + value + ": " + all(f)));
        }
        assertEquals("error", found.get("spring-actuator-heapdump-open").severity().id());
        assertTrue(found.get("spring-actuator-heapdump-open").message().startsWith("OPTIONS /actuator/heapdump answers 200 without credentials (Allow: GET,HEAD,OPTIONS)"));
        assertEquals("error", found.get("spring-actuator-shutdown-open").severity().id());
        assertFalse(found.containsKey("spring-actuator-open"), "values are shown, not masked");
        assertFalse(REQUESTS_SEEN.stream().anyMatch(r -> r.startsWith("POST /actuator")), "shutdown is judged from OPTIONS, never sent: " + REQUESTS_SEEN);
    }

    @Test
    void aServerAnsweringOptionsOnEveryPathOrAnActuatorBehindAuthenticationFindsNothing() {
        otherwise = new Answer(204, "GET,HEAD,POST,PUT,DELETE,OPTIONS", null); // e.g. a CORS middleware answering every preflight
        ANSWERS.put("GET /actuator", new Answer(404, null, null));
        assertEquals(Map.of(), findings(), "OPTIONS answered everywhere says nothing about an actuator");

        otherwise = new Answer(401, null, "{\"error\":\"unauthorized\"}");
        assertEquals(Map.of(), findings(), "an actuator behind authentication");
    }

    /** The same review for Quarkus's Dev UI: a 200 at /q/dev-ui is only dev mode when it is the Dev UI. */
    @Test
    void aQuarkusAppWhoseSpaFallbackAnswersEveryPathIsNotInDevMode() {
        String quarkus = "INFO  [io.quarkus] (main) shop 1.0 on JVM (powered by Quarkus 3.33.2) started in 0.9s. Listening on: http://0.0.0.0:8080\n";
        otherwise = new Answer(200, null, "<!doctype html><html><head><title>Shop</title></head><body><div id=app></div></body></html>");
        assertEquals(Map.of(), findings(quarkus, "quarkus-dev-mode"), "an SPA's history fallback answers 200 to /q/dev-ui too");
        ANSWERS.put("GET /q/dev-ui", new Answer(200, null, "<html><head><title>Dev UI</title></head></html>"));
        assertEquals("error", findings(quarkus, "quarkus-dev-mode").get("quarkus-dev-mode-in-prod").severity().id());
    }
}
