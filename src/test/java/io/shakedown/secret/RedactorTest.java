package io.shakedown.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.run.RunEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every form a secret's value takes on its way through HTTP, JSON and logs is masked; nothing else is. */
class RedactorTest {
    static final String SECRET = "p@ss word\"/é";
    final Redactor redactor = Redactor.of(List.of(SECRET));

    @Test
    void aValueAddedDuringTheRunIsMaskedFromThenOnInEveryFormAndEvent() {
        var run = Redactor.of(List.of());
        var seen = new java.util.ArrayList<io.shakedown.run.RunEvent>();
        var listener = run.wrap(seen::add); // wrapped before the value was known, as the engine does
        assertTrue(run.add("tok-12345"));
        assertFalse(run.add("abc"), "too short to mask safely");
        assertEquals("Bearer ***", run.redact("Bearer tok-12345"));
        assertEquals("Basic ***", run.redact("Basic " + Base64.getEncoder().encodeToString("tok-12345".getBytes(StandardCharsets.UTF_8))));
        listener.onEvent(io.shakedown.run.RunEvent.of("flow-finished", "flows", "PASSED", "sent Bearer tok-12345"));
        assertEquals("sent Bearer ***", seen.getFirst().message());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> Redactor.NONE.add("tok-12345"));
    }

    @Test
    void masksTheValueInEveryForm() {
        List<String> forms = List.of(
                SECRET,
                "p%40ss+word%22%2F%C3%A9", // URL-encoded (form)
                "p%40ss%20word%22%2F%C3%A9", // URL-encoded (path/query with %20)
                "p@ss word\\\"/é", // JSON string
                "p@ss word\\\\\\\"/é", // JSON inside JSON
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8))); // Basic auth
        for (String form : forms) {
            String text = "before " + form + " after";
            assertEquals("before *** after", redactor.redact(text), form);
        }
    }

    @Test
    void leavesOtherTextAloneAndHandlesNothingToHide() {
        assertEquals("nothing secret here", redactor.redact("nothing secret here"));
        assertEquals("p@ss", redactor.redact("p@ss"));
        assertTrue(Redactor.of(List.of("", "")).isEmpty());
        assertEquals("x", Redactor.NONE.redact("x"));
    }

    @Test
    void wrapsAListenerSoEventsArriveMasked() {
        var seen = new ArrayList<RunEvent>();
        redactor.wrap(seen::add).onEvent(RunEvent.of("log", "start", null, "token=" + SECRET));
        assertEquals(1, seen.size());
        assertFalse(seen.getFirst().toString().contains(SECRET), seen.toString());
        assertTrue(seen.getFirst().message().contains("***"), seen.toString());
    }
    @Test
    void aSecretInsideAnotherIsNotHalfReplacedAndJsonThreeLevelsDeepIsCaught() {
        var r = Redactor.of(List.of("abc", "abcdef"));
        assertEquals("*** and ***", r.redact("abcdef and abc"), "the longer value is masked whole, not as ***def");
        var quoted = Redactor.of(List.of("a\"b"));
        assertEquals("x *** y", quoted.redact("x a\\\\\\\\\\\\\\\"b y"), "JSON in JSON in JSON: seven backslashes");
        assertEquals("x a\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"b y", quoted.redact("x a\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"b y"), "a fourth level is not caught");
        assertEquals(null, quoted.redact((String) null));
    }

    @Test
    void everyStringOfAReportIsMaskedKeysIncludedAndTheRestIsKept() {
        String basic = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        var check = new Report.CheckResult("login", StageStatus.FAILED, 12,
                new Report.RequestEvidence("POST", "http://127.0.0.1:8080/login?pw=p%40ss%20word%22%2F%C3%A9",
                        Map.of("Authorization", "Basic " + basic), "{\"password\":\"p@ss word\\\"/é\"}"),
                new Report.ResponseEvidence(401, Map.of("X-Echo-" + SECRET, List.of(SECRET)), "denied", 6, false),
                List.of(new Report.AssertionResult("status", "200", "401", false)), "expected 200, got 401 for " + SECRET);
        var report = new Report(1, "run-1", "shop", "ci", Verdict.FAILED, "login failed: " + SECRET, null, null, null, 12,
                List.of(new Report.Stage("checks", StageStatus.FAILED, 12, "1 check failed (" + SECRET + ")")),
                null, List.of(check), null, null, null, null, null, null, null, null);
        var clean = redactor.redact(report);
        var c = clean.checks().getFirst();
        assertEquals("login failed: ***", clean.summary());
        assertEquals("1 check failed (***)", clean.stages().getFirst().message());
        assertEquals("http://127.0.0.1:8080/login?pw=***", c.request().url());
        assertEquals(Map.of("Authorization", "Basic ***"), c.request().headers());
        assertEquals("{\"password\":\"***\"}", c.request().bodyExcerpt());
        assertEquals(Map.of("X-Echo-***", List.of("***")), c.response().headers());
        assertEquals("expected 200, got 401 for ***", c.failure());
        assertEquals(401, c.response().status());
        assertEquals("denied", c.response().bodyExcerpt());
        assertEquals(Verdict.FAILED, clean.verdict());
        assertEquals(report.runId(), clean.runId());
        assertEquals(report, Redactor.NONE.redact(report), "nothing to hide: the same report");
    }
}
