package io.shakedown.rules;

import static io.shakedown.rules.RulesOnImagesTest.detected;
import static io.shakedown.rules.RulesOnImagesTest.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.Verdict;
import io.shakedown.support.FrameworkApps;
import io.shakedown.support.NoContainerLeftBehind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real framework builds (Maven, Maven Central), broken the ways their users really break them (gotchas.md): each
 * gives the right verdict, rule and evidence. Their healthy variants are in the healthy-apps suite.
 */
class FrameworkAppsTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("framework-apps-test");

    @BeforeAll
    static void images() {
        FrameworkApps.ensureBuilt();
    }

    static Report run(String spec) throws Exception {
        return DOCKER.run(spec);
    }

    static String evidence(Report.Finding f) {
        return f.message() + "\n" + String.join("\n", f.evidence());
    }

    @Test
    void quarkusWithHttpHostLocalhostIsLoopbackOnlyAndTheRuleQuotesTheConfigAndTheLog() throws Exception {
        Report r = run(FrameworkApps.spec("quarkus", "host-localhost", null));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "quarkus");
        assertTrue(r.framework().summary().startsWith("Quarkus 3.33.2"), r.framework().summary());
        assertEquals(DiagnosisKind.LOOPBACK_ONLY, r.readiness().diagnosis().kind());
        var f = finding(r, "quarkus-http-host-loopback");
        String all = evidence(f);
        assertTrue(all.contains("/deployments/config/application.properties line 2: quarkus.http.host=localhost"), all);
        assertTrue(all.contains("Listening on: http://localhost:8080"), all);
        assertTrue(r.readiness().diagnosis().hint().contains("rule quarkus-http-host-loopback"), r.readiness().diagnosis().hint());
    }

    @Test
    void quarkusWithOnlyTheRunnerJarCopiedExitsAndTheRuleSaysWhatIsMissing() throws Exception {
        Report r = run(FrameworkApps.spec("quarkus", "incomplete-copy", null));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertEquals(DiagnosisKind.EXITED, r.readiness().diagnosis().kind());
        var f = finding(r, "quarkus-fastjar-incomplete-copy");
        assertEquals("error", f.severity().id());
    }

    @Test
    void springShowingActuatorValuesFailsNamingEverySecretKeyAndItsSourceWhichNoOutputQuotes() throws Exception {
        var secrets = java.util.Map.of("DB_PASSWORD", "hunter2-db-secret", "API_KEY", "ak-77c1e0f9", "SECRET_TOKEN", "tok-3f9a77",
                "PAYMENT_API_KEY", "pk_live_0a1b2c3d");
        String env = secrets.entrySet().stream().map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                .collect(java.util.stream.Collectors.joining(", ", "env: { ", " }"));
        Report r = run(FrameworkApps.spec("spring", "actuator-values-visible", env));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        detected(r, "spring-boot");
        assertTrue(r.framework().summary().startsWith("Spring Boot 3.5.7"), r.framework().summary());
        var f = finding(r, "spring-actuator-exposed");
        for (String key : java.util.List.of("API_KEY (systemEnvironment)", "SECRET_TOKEN (systemEnvironment)", "DB_PASSWORD (systemEnvironment)",
                "spring.datasource.password (Config resource 'file [config/application.properties]' via location 'optional:file:./config/')",
                "apiKey (acme.payment)")) {
            assertTrue(f.message().contains(key), key + " named in: " + f.message());
        }
        assertTrue(evidence(f).contains("GET /actuator/env → 200"), evidence(f));
        assertEquals("error", finding(r, "spring-actuator-heapdump-open").severity().id());
        assertTrue(evidence(finding(r, "spring-actuator-heapdump-open")).contains("OPTIONS /actuator/heapdump → 200"));
        for (ReportFormat format : ReportFormat.values()) {
            String text = format.render(r, new ReportFormat.RenderOptions("shakedown.yml", null));
            secrets.values().forEach(v -> assertFalse(text.contains(v), format + " shows a secret value from the actuator: " + v));
        }
        assertTrue(r.framework().probes().sent() > 0 && r.framework().probes().max() == 24, "probe budget reported: " + r.framework().probes());
    }

    @Test
    void springBoundToLoopbackIsLoopbackOnlyAndTheRuleNamesServerAddress() throws Exception {
        Report r = run(FrameworkApps.spec("spring", "server-address-loopback", null));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertEquals(DiagnosisKind.LOOPBACK_ONLY, r.readiness().diagnosis().kind());
        var f = finding(r, "spring-server-address-loopback");
        assertTrue(evidence(f).contains("SERVER_ADDRESS=127.0.0.1"), evidence(f));
    }

    @Test
    void springWithStackTracesInErrorJsonFailsQuotingTheEscapedTrace() throws Exception {
        Report r = run(FrameworkApps.spec("spring", "stacktrace", null));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var spring = finding(r, "spring-stacktrace-in-response");
        assertTrue(evidence(spring).contains("JVM stack trace in the body"), evidence(spring));
        var generic = finding(r, "stacktrace-in-error-response");
        assertTrue(evidence(generic).contains("at org.springframework."), evidence(generic));
    }
}
