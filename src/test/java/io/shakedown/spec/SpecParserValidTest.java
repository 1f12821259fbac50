package io.shakedown.spec;

import static io.shakedown.spec.SpecTestSupport.parse;
import static io.shakedown.spec.SpecTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecParserValidTest {

    @Test
    void fullImageSpec() {
        ValidationSpec spec = parse(resource("full.yaml"));
        assertFullSpec(spec);
    }

    @Test
    void jsonFormOfTheSameSpecGivesTheSameResult() {
        ValidationSpec fromYaml = parse(resource("full.yaml"));
        ValidationSpec fromJson = parse(resource("full.json"));
        assertFullSpec(fromJson);
        assertEquals(fromYaml.toString(), fromJson.toString());
    }

    private static void assertFullSpec(ValidationSpec spec) {
        assertEquals(1, spec.version());
        assertEquals("hello-api", spec.app());
        assertEquals("ci", spec.environment());

        TargetSpec t = spec.target();
        assertTrue(t.isImage());
        assertEquals("hello-api:1.4.2", t.image());
        assertNull(t.url());
        assertEquals(8080, t.port());
        // numbers and booleans become strings, as written
        assertEquals(Map.of("GREETING", "hi", "WORKERS", "4", "DEBUG", "true", "RATIO", "1.50"), t.env());
        assertEquals(List.of("java", "-jar", "app.jar"), t.command());
        assertEquals(512L * 1024 * 1024, t.resources().memoryBytes());
        assertEquals(1.5, t.resources().cpus());
        assertEquals(256L, t.resources().pids());
        assertEquals(Duration.ofSeconds(90), t.startupTimeout());
        assertEquals(TargetSpec.PullPolicy.ALWAYS, t.pull());

        List<ReadinessSpec.Strategy> r = spec.readiness().strategies();
        assertEquals(4, r.size());
        var http = assertInstanceOf(ReadinessSpec.Http.class, r.get(0));
        assertEquals("/health", http.path());
        assertTrue(http.status().matches(200));
        assertFalse(http.status().matches(204));
        assertEquals(Duration.ofSeconds(3), http.requestTimeout());
        var log = assertInstanceOf(ReadinessSpec.Log.class, r.get(1));
        assertEquals("Listening on", log.pattern().pattern());
        assertEquals(2, log.times());
        assertInstanceOf(ReadinessSpec.Port.class, r.get(2));
        assertInstanceOf(ReadinessSpec.Healthcheck.class, r.get(3));

        assertEquals(2, spec.checks().size());
        CheckSpec c = spec.checks().get(0);
        assertEquals("list items", c.name());
        assertEquals("GET", c.request().method());
        assertEquals("/api/items", c.request().path());
        assertEquals(Map.of("Accept", "application/json"), c.request().headers());
        assertEquals(Map.of("page", "1"), c.request().query());
        assertNull(c.request().body());
        assertNull(c.request().json());
        assertEquals(Duration.ofSeconds(5), c.request().timeout());
        assertEquals(List.of(200), c.expect().status().codes());
        assertEquals(List.of(2), c.expect().status().classes());
        assertEquals("application/json.*", c.expect().headers().get("content-type").pattern(), "header names are case-insensitive");
        assertEquals(3, c.expect().json().size());
        var items = c.expect().json().get(0);
        assertEquals("$.items", items.path());
        assertEquals(1, items.minSize());
        assertEquals("number", c.expect().json().get(1).type());
        var name = c.expect().json().get(2);
        assertEquals("$.name", name.path());
        assertEquals("hello", name.equals().textValue(), "a scalar is shorthand for equals");
        assertEquals("ok", c.expect().body().contains());
        assertEquals("it.ms", c.expect().body().matches().pattern());
        assertEquals(Duration.ofMillis(300), c.expect().maxDuration());

        CheckSpec create = spec.checks().get(1);
        assertEquals("POST", create.request().method());
        assertEquals("{\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}", create.request().json().toString());
        assertEquals(Duration.ofSeconds(10), create.request().timeout());
        assertEquals(List.of(201), create.expect().status().codes());
        assertEquals(2, spec.settings().parallelism());
    }

    @Test
    void minimalSpecGetsEveryDefault() {
        ValidationSpec spec = parse("""
                app: hello-api
                target:
                  image: hello-api:1.4.2
                  port: 8080
                """);
        assertEquals(1, spec.version());
        assertEquals("default", spec.environment());
        TargetSpec t = spec.target();
        assertEquals(Map.of(), t.env());
        assertNull(t.command());
        assertNull(t.resources().memoryBytes());
        assertNull(t.resources().cpus());
        assertEquals(TargetSpec.Resources.DEFAULT_PIDS, t.resources().pids());
        assertEquals(TargetSpec.DEFAULT_STARTUP_TIMEOUT, t.startupTimeout());
        assertEquals(TargetSpec.PullPolicy.MISSING, t.pull());
        assertEquals(List.of(new ReadinessSpec.Port()), spec.readiness().strategies());
        assertEquals(List.of(), spec.checks());
        assertEquals(ValidationSpec.Settings.DEFAULT_PARALLELISM, spec.settings().parallelism());
    }

    @Test
    void checkDefaults() {
        ValidationSpec spec = parse("""
                app: a
                target: { image: a, port: 1 }
                readiness:
                  http: { path: /ready }
                checks:
                  - name: root
                    request: { path: / }
                """);
        var http = (ReadinessSpec.Http) spec.readiness().strategies().getFirst();
        assertEquals(StatusMatcher.ANY_2XX, http.status());
        assertEquals(Duration.ofSeconds(2), http.requestTimeout());
        CheckSpec c = spec.checks().getFirst();
        assertEquals("GET", c.request().method());
        assertEquals(CheckSpec.RequestSpec.DEFAULT_TIMEOUT, c.request().timeout());
        assertEquals(Map.of(), c.request().headers());
        assertEquals(StatusMatcher.ANY_2XX, c.expect().status());
        assertEquals(List.of(), c.expect().json());
        assertNull(c.expect().body());
        assertNull(c.expect().maxDuration());
    }

    @Test
    void urlTarget() {
        ValidationSpec spec = parse("""
                app: hello-api
                environment: staging
                target:
                  url: https://staging.example.com
                  startupTimeout: 2m
                readiness:
                  - http: { path: /health, status: [2xx, 304] }
                  - port: true
                checks:
                  - name: home
                    request: { path: / }
                """);
        TargetSpec t = spec.target();
        assertFalse(t.isImage());
        assertEquals(URI.create("https://staging.example.com"), t.url());
        assertNull(t.port());
        assertNull(t.pull());
        assertEquals(Duration.ofMinutes(2), t.startupTimeout());
        assertEquals(2, spec.readiness().strategies().size());
        var http = (ReadinessSpec.Http) spec.readiness().strategies().getFirst();
        assertTrue(http.status().matches(304));
        assertTrue(http.status().matches(299));
        assertFalse(http.status().matches(301));
        assertEquals(List.of(new ReadinessSpec.Port()), parse("app: a\ntarget: { url: 'http://localhost:8080' }").readiness().strategies());
    }

    @Test
    void sizesAndDurations() {
        long mi = 1024L * 1024;
        for (var c : List.of(
                Map.entry("512m", 512 * mi), Map.entry("512M", 512 * mi), Map.entry("512MB", 512 * mi),
                Map.entry("512Mi", 512 * mi), Map.entry("512MiB", 512 * mi), Map.entry("1g", 1024 * mi),
                Map.entry("1.5G", 1536 * mi), Map.entry("6144k", 6 * mi), Map.entry("536870912", 512 * mi))) {
            var spec = parse("app: a\ntarget: { image: a, port: 1, resources: { memory: " + c.getKey() + " } }");
            assertEquals(c.getValue(), spec.target().resources().memoryBytes(), c.getKey());
        }
        for (var c : List.of(
                Map.entry("1s", Duration.ofSeconds(1)), Map.entry("1.5s", Duration.ofMillis(1500)),
                Map.entry("2m", Duration.ofMinutes(2)), Map.entry("1500ms", Duration.ofMillis(1500)),
                Map.entry("0.5h", Duration.ofMinutes(30)))) {
            var spec = parse("app: a\ntarget: { image: a, port: 1, startupTimeout: " + c.getKey() + " }");
            assertEquals(c.getValue(), spec.target().startupTimeout(), c.getKey());
        }
    }

    @Test
    void yamlOneOneBooleansAreJustText() {
        var spec = parse("app: a\ntarget: { image: a, port: 1, env: { A: yes, B: off, C: 010, D: '1.0' } }");
        assertEquals(Map.of("A", "yes", "B", "off", "C", "010", "D", "1.0"), spec.target().env());
    }

    @Test
    void yamlFlowStyleThatIsNotJsonIsStillRead() {
        var spec = parse("{app: a, target: {image: a, port: 1}, checks: [{name: x, request: {path: /}},]}");
        assertEquals("x", spec.checks().getFirst().name());
    }

    @Test
    void yamlAnchorsAndMergeKeysWork() {
        var spec = parse("""
                app: a
                target: { image: registry.example.com:5000/team/app@sha256:0123456789abcdef0123456789abcdef, port: 1 }
                checks:
                  - name: one
                    request: &req
                      path: /one
                      headers: { X-Token: abc }
                  - name: two
                    request:
                      <<: *req
                      path: /two
                """);
        assertEquals("/two", spec.checks().get(1).request().path());
        assertEquals(Map.of("X-Token", "abc"), spec.checks().get(1).request().headers());
    }

    @Test
    void everyAcceptedExampleValidatesAgainstTheSchema() throws Exception {
        var mapper = new ObjectMapper();
        for (String name : List.of("full.json")) {
            var messages = SpecSchema.check(mapper.readTree(resource(name)), Map.of());
            assertTrue(messages.isEmpty(), messages.toString());
        }
    }

    @Test
    void theBindingWarmUpTreeBindsEveryRecord() throws Exception {
        ValidationSpec spec = SpecBinding.bindEveryRecord(); // the warm-up is silent, so it is pinned here
        assertEquals(4, spec.readiness().strategies().size());
        assertEquals(2, spec.checks().get(0).expect().json().size());
        assertEquals(1, spec.flows().get(0).steps().get(0).captures().size());
        assertEquals(1.0, spec.performance().scenarios().get(0).thresholds().errorRatePercent());
        assertEquals(Map.of("r", "x"), spec.rules().waivers());
    }
}
