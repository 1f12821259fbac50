package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.report.Report;
import io.shakedown.report.Severity;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule proven on a real image through the real engine: real framework apps built from Debian's
 * packages (Flask, gunicorn, Django, Express — scripts/build-framework-images.sh), a Quarkus-shaped
 * fast-jar, and synthetic images that carry the files or print the log lines; plus the healthy examples,
 * which must give no error finding.
 */
class RulesOnImagesTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.shakedown.support.NoContainerLeftBehind DOCKER = new io.shakedown.support.NoContainerLeftBehind("rules-test");
    static final EngineSettings SETTINGS = DOCKER.settings();
    static ValidationEngine engine;
    /** Rule ids a test on an image has seen fire (checked against the whole rule set at the end). */
    static final Set<String> proven = new TreeSet<>();

    @BeforeAll
    static void images() throws Exception {
        ExampleImages.ensureBuilt();
        Process p = new ProcessBuilder("bash", "scripts/build-framework-images.sh").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        engine = new ValidationEngine(SETTINGS);
    }

    @AfterAll
    static void close() {
        engine.close();
        List<String> unproven = RuleSet.builtIn().rules().stream().map(Rule::id).filter(id -> !proven.contains(id)).toList();
        System.out.println("rules proven on images: " + proven.size() + " of " + RuleSet.builtIn().rules().size() + "; not proven: " + unproven);
    }

    static Report run(String spec) throws Exception {
        return engine.run(new SpecParser().parse(spec), new RunContext(UUID.randomUUID().toString(), e -> { }, new Cancellation()));
    }

    static Report.Finding finding(Report r, String ruleId) {
        assertNotNull(r.findings(), "findings recorded");
        var f = r.findings().stream().filter(x -> x.ruleId().equals(ruleId)).findFirst().orElse(null);
        assertNotNull(f, ruleId + " expected among " + r.findings().stream().map(Report.Finding::ruleId).toList() + " (framework: "
                + r.framework().summary() + ")");
        proven.add(ruleId);
        return f;
    }

    static void fires(Report r, String ruleId, String severity, String... evidenceFragments) {
        var f = finding(r, ruleId);
        assertEquals(severity, f.severity().id(), ruleId);
        String all = f.message() + "\n" + String.join("\n", f.evidence());
        for (String fragment : evidenceFragments) assertTrue(all.contains(fragment), ruleId + ": expected «" + fragment + "» in:\n" + all);
        assertNotNull(f.helpUri(), ruleId);
        assertNotNull(f.location(), ruleId);
    }

    static void detected(Report r, String... frameworkIds) {
        var ids = r.framework().detected().stream().map(Report.DetectedFramework::id).collect(Collectors.toSet());
        for (String id : frameworkIds) assertTrue(ids.contains(id), "framework " + id + " expected in " + r.framework().summary());
    }

    static void noErrorFindings(Report r) {
        var errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(f -> f.ruleId() + ": " + f.message()).toList();
        assertEquals(List.of(), errors, "healthy app must give no error finding");
    }

    // ---------------------------------------------------------------- the "done when" cases

    @Test
    void quarkusWithHttpHostLocalhostIsFailedAndTheDiagnosisCitesTheRule() throws Exception {
        Report r = run("""
                app: quarkus-localhost
                target: { image: "shakedown-rules/quarkus-localhost:test", port: 8080, startupTimeout: 8s }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "quarkus", "jvm");
        assertTrue(r.framework().summary().startsWith("Quarkus 3.8.4 — "), r.framework().summary());
        fires(r, "quarkus-http-host-loopback", "error",
                "application.properties (in /deployments/app/hello-api.jar) line 3: quarkus.http.host=localhost",
                "Listening on: http://localhost:8080");
        var f = finding(r, "quarkus-http-host-loopback");
        assertEquals("/deployments/app/hello-api.jar!/application.properties", f.location().path());
        assertEquals(3, f.location().line());
        fires(r, "quarkus-datasource-localhost", "error", "jdbc:postgresql://localhost:5432/hello");
        fires(r, "app-listens-loopback", "error", "127.0.0.1:8080");
        var d = r.readiness().diagnosis();
        assertEquals("LOOPBACK_ONLY", d.kind().name());
        assertTrue(d.hint().contains("rule quarkus-http-host-loopback"), d.hint());
        assertTrue(d.evidence().stream().anyMatch(e -> e.startsWith("rule quarkus-http-host-loopback: application.properties")), d.evidence().toString());
    }

    @Test
    void flaskDevServerIsFailed() throws Exception {
        Report r = run("""
                app: flask-dev
                target: { image: "shakedown-rules/flask-devserver:test", port: 5000, startupTimeout: 10s }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "flask", "python");
        fires(r, "flask-run-loopback", "error", "Running on http://127.0.0.1:5000");
        fires(r, "flask-dev-server", "error", "WARNING: This is a development server");
        fires(r, "flask-debug-on", "error", "Debugger is active!");
        fires(r, "python-stdout-buffered", "warning", "PYTHONUNBUFFERED");
        fires(r, "image-runs-as-root", "warning");
        assertTrue(r.readiness().diagnosis().hint().contains("rule flask-run-loopback"), r.readiness().diagnosis().hint());
    }

    @Test
    void gunicornWithTheDefaultBindIsFailed() throws Exception {
        Report r = run("""
                app: gunicorn-default
                target: { image: "shakedown-rules/gunicorn-app:test", port: 8000, startupTimeout: 10s }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "gunicorn", "flask");
        fires(r, "gunicorn-default-bind", "error", "Listening at: http://127.0.0.1:8000");
        assertEquals("LOOPBACK_ONLY", r.readiness().diagnosis().kind().name());
        assertTrue(r.readiness().diagnosis().hint().contains("rule gunicorn-default-bind"), r.readiness().diagnosis().hint());
    }

    @Test
    void flaskWithCorsWildcardAndCredentialsIsFailed() throws Exception {
        Report r = run("""
                app: flask-cors
                target:
                  image: "shakedown-rules/gunicorn-app:test"
                  port: 8000
                  command: [gunicorn, -b, "0.0.0.0:8000", "app:app"]
                  env: { CORS_WILDCARD: "1", PYTHONUNBUFFERED: "1" }
                readiness: { http: { path: /health } }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertTrue(r.summary().startsWith("rule cors-wildcard-with-credentials"), r.summary());
        fires(r, "cors-wildcard-with-credentials", "error", "Origin: https://evil.example", "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Credentials: true");
        assertEquals("http", finding(r, "cors-wildcard-with-credentials").location().kind());
    }

    @Test
    void expressLeakingStackTracesIsFailed() throws Exception {
        Report r = run("""
                app: express-leak
                target: { image: "shakedown-rules/express-app:test", port: 3000, startupTimeout: 10s }
                readiness: { http: { path: /health } }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "express", "node");
        fires(r, "express-stack-trace-leak", "error", "/usr/share/nodejs/express/");
        fires(r, "stacktrace-in-error-response", "error", "GET /shakedown-probe/no-such-route");
        fires(r, "node-env-not-production", "error", "NODE_ENV");
        fires(r, "express-x-powered-by", "warning", "X-Powered-By: Express");
    }

    @Test
    void quarkusFastJarCopiedWithoutItsLibIsFailedAndTheExitCitesTheRule() throws Exception {
        Report r = run("""
                app: quarkus-incomplete
                target: { image: "shakedown-rules/quarkus-incomplete:test", port: 8080, startupTimeout: 10s }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertEquals("EXITED", r.readiness().diagnosis().kind().name());
        assertTrue(String.join("\n", r.log().lines()).contains("io.quarkus.bootstrap.runner.QuarkusEntryPoint"), r.log().lines().toString());
        fires(r, "quarkus-fastjar-incomplete-copy", "error", "/deployments/quarkus-run.jar");
        assertTrue(r.readiness().diagnosis().hint().contains("rule quarkus-fastjar-incomplete-copy"), r.readiness().diagnosis().hint());
    }

    @Test
    void npmAsTheMainProcessIsAWarning() throws Exception {
        Report r = run("""
                app: npm-start
                target: { image: "shakedown-rules/node-npm-start:test", port: 3000, env: { NODE_ENV: production }, startupTimeout: 10s }
                readiness: { http: { path: /health } }
                """);
        detected(r, "node");
        fires(r, "node-npm-start-pid1", "warning", "npm start");
    }

    @Test
    void jvmWithXmxAboveItsMemoryLimitIsFailed() throws Exception {
        Report r = run("""
                app: jvm-xmx
                target: { image: "shakedown-rules/jvm-app:test", port: 8080, resources: { memory: 256m }, startupTimeout: 10s, env: { MICRONAUT_SERVER_HOST: localhost } }
                readiness: { http: { path: /health } }
                rules: { waive: [ { rule: cors-wildcard-with-credentials, reason: "covered by the CORS test" } ] }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        fires(r, "jvm-heap-over-limit", "error", "JVM max heap 512 MiB from -Xmx512m in the command line", "container memory limit 256 MiB");
        var waived = finding(r, "cors-wildcard-with-credentials");
        assertTrue(waived.waived());
        assertEquals("covered by the CORS test", waived.waiverReason());
        // the synthetic catalogue of HTTP behaviours (this image's banner makes Spring Boot, Micronaut, uvicorn detectable)
        detected(r, "jvm", "spring-boot", "micronaut", "fastapi");
        fires(r, "spring-actuator-exposed", "error", "GET /actuator/env → 200");
        fires(r, "micronaut-endpoints-insensitive", "error", "GET /env → 200");
        fires(r, "micronaut-host-loopback", "error", "MICRONAUT_SERVER_HOST=localhost");
        fires(r, "fastapi-docs-public", "warning", "GET /openapi.json → 200");
        fires(r, "secrets-in-image-env", "error", "API_TOKEN=to…(21 characters, masked)");
        assertTrue(finding(r, "secrets-in-image-env").evidence().stream().noneMatch(e -> e.contains("tok_live_4f9a8b7c6d5e")));
        fires(r, "localhost-dependency-urls", "error", "DATABASE_URL=postgres://app@localhost:5432/app");
        fires(r, "jvm-out-of-memory-error", "error", "java.lang.OutOfMemoryError: Java heap space");
        fires(r, "missing-security-headers", "info", "no X-Content-Type-Options");
    }

    @Test
    void expressOnLocalhostIsFailedAndCitesTheNodeRule() throws Exception {
        Report r = run("""
                app: express-localhost
                target: { image: "shakedown-rules/express-app:test", port: 3000, env: { HOST: "127.0.0.1", NODE_ENV: production }, startupTimeout: 5s }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        fires(r, "node-listen-localhost", "error", "127.0.0.1:3000");
        assertTrue(r.readiness().diagnosis().hint().contains("rule node-listen-localhost"), r.readiness().diagnosis().hint());
    }

    @Test
    void jvmHeapNearTheLimitWarnsAndStackTracesLeakFromJava() throws Exception {
        Report r = run("""
                app: jvm-near
                target:
                  image: "shakedown-rules/jvm-app:test"
                  port: 8080
                  resources: { memory: 560m }
                  env: { LEAK_STACKTRACE: "1" }
                readiness: { http: { path: /health } }
                rules: { failOn: never }
                """);
        assertEquals(Verdict.PASSED, r.verdict(), "failOn: never — findings reported, the run passes: " + r.summary());
        fires(r, "jvm-heap-near-limit", "warning", "512 MiB");
        fires(r, "stacktrace-in-error-response", "error", "ScriptedApp.java:");
        fires(r, "quarkus-dev-mode-in-prod", "error", "GET /q/dev-ui → 200");
    }

    @Test
    void djangoRunserverWithDebugIsFailed() throws Exception {
        Report r = run("""
                app: django-debug
                target: { image: "shakedown-rules/django-app:test", port: 8000, startupTimeout: 15s }
                readiness: { http: { path: /health } }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "django");
        fires(r, "django-runserver", "error", "Starting development server at");
        fires(r, "django-debug-true", "error", "DEBUG = True");
        fires(r, "django-unapplied-migrations", "error", "unapplied migration");
    }

    @Test
    void djangoRejectingTheHostIsFailed() throws Exception {
        Report r = run("""
                app: django-hosts
                target:
                  image: "shakedown-rules/django-app:test"
                  port: 8000
                  env: { DJANGO_ALLOWED_HOSTS: "app.example.com" }
                  startupTimeout: 15s
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        fires(r, "django-allowed-hosts", "error", "Invalid HTTP_HOST header: '127.0.0.1:");
    }

    @Test
    void logAndFileCatalogue() throws Exception {
        Report r = run("""
                app: catalogue
                target: { image: "shakedown-rules/log-catalog:test", port: 8080, startupTimeout: 8s }
                rules: { failOn: never }
                """);
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        detected(r, "quarkus", "spring-boot", "micronaut", "fastapi", "django", "nextjs", "spa", "rails");
        fires(r, "quarkus-dev-mode-in-prod", "error", "Profile dev activated");
        fires(r, "quarkus-buildtime-prop-at-runtime", "warning", "Build time property cannot be changed at runtime");
        fires(r, "spring-server-address-loopback", "error", "BOOT-INF/classes/application.properties (in /app/app.jar) line 2: server.address=127.0.0.1");
        fires(r, "spring-ddl-auto-destructive", "error", "spring.jpa.hibernate.ddl-auto=create-drop");
        fires(r, "spring-stacktrace-in-response", "error", "server.error.include-stacktrace=always");
        fires(r, "spring-devtools-in-image", "warning", "BOOT-INF/lib/spring-boot-devtools-3.2.5.jar");
        fires(r, "spring-readonly-tmp", "error", "Unable to create tempDir");
        // Micronaut prints "Server Running: http://localhost:8080" when it binds every interface too: this app listens on
        // 0.0.0.0, so the look-alike line is no finding (the rule needs the sockets to agree)
        assertTrue(r.findings().stream().noneMatch(f -> f.ruleId().equals("micronaut-host-loopback")), "the log line alone is a look-alike");
        fires(r, "micronaut-env-deduction-cloud", "warning", "[cloud, gcp]");
        fires(r, "uvicorn-loopback", "error", "Uvicorn running on http://127.0.0.1:8000");
        fires(r, "uvicorn-reload-in-prod", "error", "Started reloader process");
        fires(r, "django-unapplied-migrations", "error", "18");
        fires(r, "django-allowed-hosts", "error", "Invalid HTTP_HOST header");
        fires(r, "django-debug-true", "error", "/app/proj/settings.py line 1: DEBUG = True");
        fires(r, "express-trust-proxy", "warning", "ERR_ERL_UNEXPECTED_X_FORWARDED_FOR");
        fires(r, "next-standalone-hostname", "error", "3f2a9c1b7d4e");
        fires(r, "next-missing-build", "error", "Could not find a production build");
        fires(r, "next-dev-server", "error", "Compiling");
        fires(r, "spa-no-history-fallback", "error", "GET /shakedown-probe/deep/link [Accept: text/html] → 404");
        fires(r, "spa-buildtime-localhost-api", "error", "http://localhost:4000/api");
        fires(r, "rails-secret-key-base", "error", "Missing `secret_key_base`");
        fires(r, "rails-server-localhost", "error", "Listening on http://127.0.0.1:3000");
        fires(r, "rails-stale-server-pid", "error", "/app/tmp/pids/server.pid");
        fires(r, "rails-logs-to-file", "warning", "/app/log/production.log");
        fires(r, "go-x509-unknown-authority", "error", "x509: certificate signed by unknown authority");
        fires(r, "go-unknown-time-zone", "error", "unknown time zone Europe/Berlin");
        fires(r, "readonly-fs-writes", "warning", "Read-only file system");
        fires(r, "missing-required-env", "error", "REDIS_URL is not set");
        fires(r, "localhost-dependency-urls", "error", "ECONNREFUSED 127.0.0.1:5432");
        fires(r, "shell-form-entrypoint", "warning", "/bin/sh -c");
        fires(r, "image-runs-as-root", "warning");
        fires(r, "image-no-healthcheck", "warning", "HEALTHCHECK");
    }

    @Test
    void goShapedServerOnLocalhostWithoutCaCerts() throws Exception {
        Report r = run("""
                app: go-shaped
                target: { image: "shakedown-rules/go-shaped:test", port: 8080, startupTimeout: 5s }
                """);
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "go");
        fires(r, "go-listen-loopback", "error", "127.0.0.1:8080");
        fires(r, "go-no-ca-certs", "warning", "ca-certificates.crt");
        assertTrue(r.readiness().diagnosis().hint().contains("rule go-listen-loopback"), r.readiness().diagnosis().hint());
    }

    @Test
    void oomKilledAndWrongPortExamplesCiteTheirRules() throws Exception {
        Report oom = engine.run(new SpecParser().parse(Files.readString(ExampleImages.example("broken/oom"))),
                new RunContext(UUID.randomUUID().toString(), e -> { }, new Cancellation()));
        fires(oom, "container-oom-killed", "error", "OOMKilled");
        assertTrue(oom.readiness().diagnosis().hint().contains("rule container-oom-killed"));
        Report wrong = engine.run(new SpecParser().parse(Files.readString(ExampleImages.example("broken/wrong-port"))),
                new RunContext(UUID.randomUUID().toString(), e -> { }, new Cancellation()));
        fires(wrong, "exposed-port-mismatch", "warning", "0.0.0.0:3000");
    }

    // ---------------------------------------------------------------- false positives

    @Test
    void healthyExamplesGiveNoErrorFinding() throws Exception {
        for (String example : List.of("hello-api", "slow-start")) {
            Report r = engine.run(new SpecParser().parse(Files.readString(ExampleImages.example(example))),
                    new RunContext(UUID.randomUUID().toString(), e -> { }, new Cancellation()));
            assertEquals(Verdict.PASSED, r.verdict(), example + ": " + r.summary());
            noErrorFindings(r);
        }
    }

    @Test
    void healthyRealFlaskUnderGunicornGivesNoErrorFinding() throws Exception {
        Report r = run("""
                app: flask-healthy
                target:
                  image: "shakedown-rules/gunicorn-app:test"
                  port: 8000
                  command: [gunicorn, -b, "0.0.0.0:8000", "app:app"]
                  env: { PYTHONUNBUFFERED: "1" }
                readiness: { http: { path: /health } }
                checks:
                  - name: items
                    request: { path: /api/items }
                    expect: { status: 200 }
                """);
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        detected(r, "flask", "gunicorn", "python");
        noErrorFindings(r);
    }

    @Test
    void healthyRealExpressInProductionModeGivesNoErrorFinding() throws Exception {
        Report r = run("""
                app: express-healthy
                target: { image: "shakedown-rules/express-app:test", port: 3000, env: { NODE_ENV: production } }
                readiness: { http: { path: /health } }
                """);
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        noErrorFindings(r);
    }
}
