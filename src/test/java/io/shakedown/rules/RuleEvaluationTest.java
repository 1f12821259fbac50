package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.Severity;
import io.shakedown.report.StageStatus;
import io.shakedown.rules.ConditionResult.State;
import io.shakedown.spec.ValidationSpec.RulesSpec;
import io.shakedown.spec.ValidationSpec.RulesSpec.FailOn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules evaluated without Docker: what each kind of evidence a run without a container still has (the log, the
 * responses of the checks) makes of a condition, the evidence a combination keeps, and how findings become the
 * run's decision (severity, rules.failOn, waivers, framework detection).
 */
class RuleEvaluationTest {
    static Report.CheckResult check(String name, String path, int status, Map<String, List<String>> headers, String body) {
        return new Report.CheckResult(name, StageStatus.PASSED, 3, new Report.RequestEvidence("GET", "http://127.0.0.1:8080" + path, Map.of(), null),
                new Report.ResponseEvidence(status, headers, body, body.length(), false), List.of(), null);
    }

    static RuleInputs passive(Report.CheckResult... checks) {
        return new RuleInputs(new ImageReads(null), null, true, List.of(checks), null);
    }

    /** A run whose log is known; not ready, so no rule sends a probe of its own. */
    static RuleInputs log(String log) {
        return new RuleInputs(new ImageReads(null), ConditionLogicTest.target(log), false, List.of(), null);
    }

    static Condition.Http http(Pattern status, Map<String, Pattern> headers, List<String> absent, Pattern body) {
        return new Condition.Http(null, status, headers, absent, body, false);
    }

    // --------------------------------------------------------------- passive HTTP evidence

    @Test
    void passiveHttpHoldsForEachResponseThatMeetsEveryExpectation() {
        var inputs = passive(
                check("items", "/api/items", 200, Map.of("x-powered-by", List.of("Express 4.18")), "[]"),
                check("boom", "/api/boom?x=1", 500, Map.of("Content-Type", List.of("text/plain")), "internal error, version 1.2.3"));
        var serverErrors = ConditionEvaluator.eval(http(Pattern.compile("5.."), Map.of(), List.of(), null), inputs);
        assertEquals(State.HOLDS, serverErrors.state());
        assertEquals(List.of("GET /api/boom (check \"boom\") → 500"), serverErrors.matches().stream().map(Match::text).toList());
        assertEquals("500", serverErrors.matches().getFirst().vars().get("status"));
        assertEquals(new Report.Location("http", null, null, "GET /api/boom (check \"boom\")"), serverErrors.matches().getFirst().location());

        var poweredBy = ConditionEvaluator.eval(http(null, Map.of("X-Powered-By", Pattern.compile("Express (?<version>[0-9.]+)")), List.of(), null), inputs);
        assertEquals(1, poweredBy.matches().size(), "header names ignore case: " + poweredBy);
        var vars = poweredBy.matches().getFirst().vars();
        assertEquals("Express 4.18", vars.get("value"));
        assertEquals("Express 4.18", vars.get("xPoweredBy"), "a header's value is also under its camel-cased name");
        assertEquals("4.18", vars.get("version"), "named groups become variables");
        assertEquals("GET /api/items (check \"items\") → 200; X-Powered-By: Express 4.18", poweredBy.matches().getFirst().text());

        var noContentType = ConditionEvaluator.eval(http(null, Map.of(), List.of("Content-Type"), null), inputs);
        assertEquals(List.of("GET /api/items (check \"items\") → 200; no Content-Type"), noContentType.matches().stream().map(Match::text).toList());

        var version = ConditionEvaluator.eval(http(null, Map.of(), List.of(), Pattern.compile("version ([0-9.]+)")), inputs);
        assertEquals("1.2.3", version.matches().getFirst().vars().get("value"), "the first group is the value");
        assertTrue(version.matches().getFirst().text().endsWith("; body: \"internal error, version 1.2.3\""), version.toString());

        assertEquals(State.FAILS, ConditionEvaluator.eval(http(Pattern.compile("404"), Map.of(), List.of(), null), inputs).state());
    }

    @Test
    void passiveHttpIsUnknownWhenNoResponseWasSeen() {
        assertEquals(State.UNKNOWN, ConditionEvaluator.eval(http(Pattern.compile("5.."), Map.of(), List.of(), null), passive()).state());
        var noResponse = new Report.CheckResult("down", StageStatus.FAILED, 3, new Report.RequestEvidence("GET", "http://127.0.0.1:8080/", Map.of(), null),
                null, List.of(), "connection refused");
        assertEquals(State.UNKNOWN, ConditionEvaluator.eval(http(Pattern.compile("5.."), Map.of(), List.of(), null), passive(noResponse)).state());
    }

    @Test
    void everySourceARunWithoutAContainerCannotReadIsUnknownSoNotOfItFindsNothing() {
        var urlTarget = passive(check("items", "/api/items", 200, Map.of(), "[]")); // a URL target: no Docker, no log
        var request = new Condition.Http.Request("GET", "/actuator/env", Map.of());
        var any = Pattern.compile(".*");
        for (Condition c : List.of(
                new Condition.File(List.of("/etc/ssl/certs/ca-certificates.crt"), null, List.of(), null),
                new Condition.ImageConfig("User", null, null, true),
                new Condition.Log(any),
                new Condition.Http(request, null, Map.of(), List.of(), null, false), // no target to probe
                new Condition.Listening("loopback", "declared"),
                new Condition.Process(any, null),
                new Condition.Env(Pattern.compile("JAVA_OPTS"), null, true),
                new Condition.JvmHeap(0.9),
                new Condition.OomKilled())) {
            assertEquals(State.UNKNOWN, ConditionEvaluator.eval(c, urlTarget).state(), c.toString());
            assertEquals(State.UNKNOWN, ConditionEvaluator.eval(new Condition.Not(c, null), urlTarget).state(), "not " + c);
        }
    }

    // --------------------------------------------------------------- evidence of combinations

    @Test
    void combinationsKeepTheEvidenceOfWhatHeldAndNotSaysWhatWasMissing() {
        var inputs = log("Acme 2.4.1 started\nlistening on 8080\nready\n");
        var started = new Condition.Log(Pattern.compile("Acme (?<version>[0-9.]+) started"));
        var listening = new Condition.Log(Pattern.compile("listening on (\\d+)"));
        var panic = new Condition.Log(Pattern.compile("panic"));

        ConditionResult all = ConditionEvaluator.eval(new Condition.All(List.of(started, listening)), inputs);
        assertEquals(List.of("log line 1: \"Acme 2.4.1 started\"", "log line 2: \"listening on 8080\""), all.matches().stream().map(Match::text).toList());
        assertEquals(new Report.Location("log", null, 2, null), all.matches().get(1).location());
        assertEquals("2.4.1", all.matches().getFirst().vars().get("version"));

        ConditionResult any = ConditionEvaluator.eval(new Condition.Any(List.of(panic, listening, started)), inputs);
        assertEquals(2, any.matches().size(), "every part that holds gives evidence: " + any);

        ConditionResult not = ConditionEvaluator.eval(new Condition.Not(panic, null), inputs);
        assertEquals(State.HOLDS, not.state());
        assertEquals("not found: a log line matching /panic/", not.matches().getFirst().text());
        assertEquals("a log line matching /panic/", not.matches().getFirst().vars().get("value"));
    }

    // --------------------------------------------------------------- messages

    @Test
    void messagesTakeTheFirstValueCapturedUnderEachNameAndQuoteItLiterally() {
        var matches = List.of(new Match("a", null, Map.of("value", "8080")), new Match("b", null, Map.of("value", "9090", "path", "C:\\app$1")));
        assertEquals("listens on 8080 at C:\\app$1; unknown: .", RuleEngine.render("listens on {value} at {path}; unknown: {nothing}.", matches));
        assertEquals("no placeholders", RuleEngine.render("no placeholders", List.of()));
    }

    @Test
    void secretLookingValuesAreMaskedInEvidence() {
        assertEquals("hu…(8 characters, masked)", KeyedValues.mask("DB_PASSWORD", "hunter22"));
        assertEquals("s3…(6 characters, masked)", KeyedValues.mask("aws_secret_access_key", "s3cr3t"));
        assertEquals("/usr/bin", KeyedValues.mask("PATH", "/usr/bin"));
        assertEquals("ab", KeyedValues.mask("API_TOKEN", "ab"), "too short to say anything");
    }

    @Test
    void aFindingFailsTheRunAtOrAboveFailOn() {
        assertTrue(RuleEngine.failsRun(Severity.ERROR, FailOn.ERROR));
        assertFalse(RuleEngine.failsRun(Severity.WARNING, FailOn.ERROR));
        assertTrue(RuleEngine.failsRun(Severity.WARNING, FailOn.WARNING));
        assertFalse(RuleEngine.failsRun(Severity.INFO, FailOn.WARNING));
        for (Severity s : Severity.values()) assertFalse(RuleEngine.failsRun(s, FailOn.NEVER), s.id());
    }

    // --------------------------------------------------------------- a pack, end to end without a container

    static final String PACK = """
            pack: acme
            description: a test pack read from the log alone
            frameworks:
              - id: acme
                name: Acme
                detect:
                  log: 'Acme (?<version>[0-9.]+) started'
            rules:
              - id: acme-db-down
                title: The database is unreachable
                severity: error
                when:
                  log: 'connection refused to (?<host>[a-z]+):5432'
                message: "cannot reach {host}: {logLine}"
                fix: set ACME_DB_HOST
                references: [https://example.com/acme/db]
              - id: acme-deprecated
                title: A deprecated call
                severity: warning
                frameworks: [any]
                when:
                  log: 'DEPRECATED (\\w+)'
                message: "{value} is deprecated"
                fix: upgrade
                references: [https://example.com/acme/deprecated]
              - id: acme-banner
                title: A banner
                severity: info
                frameworks: [any]
                when:
                  log: 'listening on'
                message: banner seen
                fix: nothing to do
                references: [https://example.com/acme/banner]
            """;

    static final String LOG = "Acme 2.4.1 started\nconnection refused to postgres:5432\nDEPRECATED oldCall\nlistening on 8080\n";

    static List<Report.Finding> acme(RuleEngine.Outcome o) {
        return o.findings().stream().filter(f -> f.ruleId().startsWith("acme-")).toList();
    }

    @Test
    void findingsCarryTheRunsDecisionFromFailOnAndWaivers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("acme.yaml"), PACK);
        var engine = new RuleEngine(RuleSet.load(List.of(dir)));

        var byDefault = engine.evaluate(log(LOG), RulesSpec.DEFAULT);
        var acme = byDefault.framework().detected().stream().filter(d -> d.id().equals("acme")).findFirst().orElseThrow();
        assertEquals("2.4.1", acme.version());
        var findings = acme(byDefault);
        assertEquals(List.of("acme-db-down", "acme-deprecated", "acme-banner"), findings.stream().map(Report.Finding::ruleId).toList(),
                "sorted error, warning, info");
        assertEquals(List.of(true, false, false), findings.stream().map(Report.Finding::failsRun).toList());
        var db = findings.getFirst();
        assertEquals("cannot reach postgres: connection refused to postgres:5432", db.message());
        assertEquals(new Report.Location("log", null, 2, null), db.location());
        assertEquals("set ACME_DB_HOST", db.fix());
        assertEquals("https://example.com/acme/db", db.helpUri());
        assertEquals("oldCall is deprecated", findings.get(1).message());
        assertEquals("Acme · 1 error(s), 1 warning(s), 1 info",
                RuleEngine.describe(new RuleEngine.Outcome(byDefault.framework(), findings, 0)).replaceFirst("^.*Acme", "Acme"));

        var strict = acme(engine.evaluate(log(LOG), new RulesSpec(FailOn.WARNING, Map.of("acme-db-down", "the test database is down on purpose"))));
        assertTrue(strict.getFirst().waived());
        assertEquals("the test database is down on purpose", strict.getFirst().waiverReason());
        assertEquals(List.of(false, true, false), strict.stream().map(Report.Finding::failsRun).toList(), "a waived error does not fail the run");

        var never = acme(engine.evaluate(log(LOG), new RulesSpec(FailOn.NEVER, Map.of())));
        assertTrue(never.stream().noneMatch(Report.Finding::failsRun), never.toString());

        var unrecognised = acme(engine.evaluate(log(LOG.replace("Acme 2.4.1 started\n", "")), RulesSpec.DEFAULT));
        assertEquals(List.of("acme-deprecated", "acme-banner"), unrecognised.stream().map(Report.Finding::ruleId).toList(),
                "a framework's own rule waits for its framework to be recognised");
    }
}
