package io.shakedown.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.support.FrameworkApps;
import io.shakedown.support.NoContainerLeftBehind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real frameworks publishing their own OpenAPI documents, built in test setup (scripts/build-framework-apps.sh), run
 * through the whole engine: Quarkus with smallrye-openapi (/q/openapi), Spring Boot with springdoc-openapi
 * (/v3/api-docs), FastAPI from Debian's packages (/openapi.json, found by discovery).
 */
class ContractFrameworksTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("contract-frameworks-test");

    @BeforeAll
    static void images() {
        FrameworkApps.ensureBuilt();
    }

    /** A generous startup timeout: Spring Boot on a busy shared 2-core machine has taken over 60 s to listen. */
    private static String spec(String image, int port, String contract) {
        return """
                app: contract-test
                environment: ci
                target: { image: "%s", port: %d, startupTimeout: 180s, resources: { memory: 512m } }
                readiness: { http: { path: /health } }
                contract: %s
                """.formatted(image, port, contract);
    }

    private static Report.ContractOperation exchange(Report r, String operationId) {
        return r.contract().operations().stream().filter(o -> operationId.equals(o.operationId())).findFirst()
                .orElseThrow(() -> new AssertionError("no exchange of " + operationId + ": " + r.contract().operations()));
    }

    /**
     * Both frameworks answer null for the optional colour of the second item without documenting it nullable
     * (FastAPI with pydantic 1: Optional[str] is type string; smallrye-openapi: a Java String): a warning, not a failure.
     */
    private static void assertUndocumentedNullWarns(Report r) {
        var list = exchange(r, "listItems");
        assertEquals(StageStatus.PASSED, list.status());
        var v = list.violations().getFirst();
        assertEquals("null", v.kind());
        assertEquals("/1/colour", v.pointer());
        assertEquals("warn", v.severity());
    }

    @Test
    void quarkusHealthyConformsToItsDocument() throws Exception {
        Report r = DOCKER.run(spec("shakedown-app/quarkus-contract:healthy", 8080, "{ openapi: /q/openapi }"));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary() + " " + r.contract());
        assertEquals("/q/openapi", r.contract().document().location());
        assertTrue(r.contract().document().openapiVersion().startsWith("3."), r.contract().document().openapiVersion());
        assertEquals(StageStatus.PASSED, exchange(r, "getItem").status());
        assertEquals(4, r.contract().operations().size(), r.contract().operations().toString());
        assertUndocumentedNullWarns(r);
    }

    @Test
    void quarkusOperationAnswering500FailsTheRunNamingIt() throws Exception {
        Report r = DOCKER.run(spec("shakedown-app/quarkus-contract:broken", 8080, "{ openapi: /q/openapi }"));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertTrue(r.summary().contains("GET /api/stats [getStats]") && r.summary().contains("server-error"), r.summary());
        var stats = exchange(r, "getStats");
        assertEquals(StageStatus.FAILED, stats.status());
        assertEquals(500, stats.response().status());
        assertEquals(StageStatus.PASSED, exchange(r, "getItem").status()); // only the broken operation fails
    }

    @Test
    void springHealthyConformsToItsDocument() throws Exception {
        Report r = DOCKER.run(spec("shakedown-app/spring-contract:healthy", 8080, "{ openapi: /v3/api-docs }"));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary() + " " + r.contract());
        assertEquals(StageStatus.PASSED, exchange(r, "getItem").status());
    }

    @Test
    void springDriftedResponseFailsWithTheJsonPointer() throws Exception {
        Report r = DOCKER.run(spec("shakedown-app/spring-contract:drift", 8080, "{ openapi: /v3/api-docs }"));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertTrue(r.summary().contains("GET /api/items/{id} [getItem]") && r.summary().contains("schema at /id"), r.summary());
        var v = exchange(r, "getItem").violations().getFirst();
        assertEquals("/id", v.pointer());
        assertEquals("\"1\"", v.actual());
    }

    @Test
    void fastApiIsDiscoveredAndConforms() throws Exception {
        Report r = DOCKER.run(spec("shakedown-app/fastapi-contract:healthy", 8000, "{}"));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary() + " " + r.contract());
        assertEquals("discovered", r.contract().document().source());
        assertEquals("/openapi.json", r.contract().document().location());
        assertEquals(StageStatus.PASSED, exchange(r, "getItem").status());
        assertTrue(exchange(r, "getItem").request().url().endsWith("/items/1"), exchange(r, "getItem").request().url());
        assertUndocumentedNullWarns(r);
    }
}
