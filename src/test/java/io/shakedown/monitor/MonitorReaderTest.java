package io.shakedown.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.document.SchemaDocs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** monitors.yaml is read like a spec: every problem with its field path and line, did-you-mean for typos. */
class MonitorReaderTest {

    private static final MonitorReader READER = new MonitorReader(Duration.ofSeconds(30), Map.of("ALERT_WEBHOOK_SECRET", "s3cret")::get,
            name -> null);

    @Test
    void theExampleFileIsValid() throws Exception {
        List<MonitorDefinition> ds = READER.readFile(Files.readString(Path.of("examples/monitors/monitors.yaml")));
        assertEquals(2, ds.size());
        assertEquals(Duration.ofMinutes(1), ds.get(0).every());
        assertEquals("s3cret", ds.get(0).channels().get(0).secret(), "secretEnv is resolved");
        assertEquals("Europe/Berlin", ds.get(1).timezone());
    }

    @Test
    void everyPropertyOfTheSchemaIsDocumented() throws Exception {
        assertEquals(List.of(), SchemaDocs.undocumentedProperties(new ObjectMapper().readTree(MonitorReader.schemaJson())),
                "properties without title or description");
    }

    @Test
    void docsSchemaIsTheServedOne() throws Exception {
        assertEquals(MonitorReader.schemaJson(), Files.readString(Path.of("docs/monitors.schema.json")),
                "docs/monitors.schema.json drifted from src/main/resources" + MonitorReader.SCHEMA_RESOURCE + "; copy it over");
    }

    @Test
    void aSpecSecretTheServiceDoesNotHaveIsRefusedWithItsLine() throws Exception {
        String file = """
                monitors:
                  - name: login
                    every: 1m
                    spec:
                      app: shop
                      target: { url: "http://127.0.0.1:1" }
                      secrets: [HELD, NOT_HELD]
                      checks:
                        - name: h
                          request: { path: /health, headers: { X-A: "${secrets.HELD}", X-B: "${secrets.NOT_HELD}" } }
                """;
        var reader = new MonitorReader(Duration.ofSeconds(30), name -> null,
                name -> name.equals("HELD") ? null : "/etc/shakedown/monitor-secrets/" + name);
        DocumentException e = assertThrows(DocumentException.class, () -> reader.readFile(file));
        assertEquals(1, e.errors().size(), e.errors().toString());
        DocumentError error = e.errors().get(0);
        assertEquals("monitors[0].spec.secrets[1]", error.path());
        assertEquals(7, error.line());
        assertTrue(error.message().contains("no secret NOT_HELD") && error.message().contains("/etc/shakedown/monitor-secrets/NOT_HELD"),
                error.message());
        // the definition keeps the names only: the values stay with the service
        var held = new MonitorReader(Duration.ofSeconds(30), name -> null, name -> null).readFile(file);
        assertEquals("[\"HELD\",\"NOT_HELD\"]", held.get(0).spec().path("secrets").toString());
    }

    @Test
    void typosAndBadValuesPointAtFieldAndLine() {
        String file = """
                monitors:
                  - name: api
                    evrey: 5m
                    spec:
                      app: shop
                      target: { url: "http://127.0.0.1:1" }
                      checks:
                        - name: h
                          request: { path: /health }
                          expect: { stauts: 200 }
                    alerts:
                      channels:
                        - { type: webhook, url: "ftp://example.com/hook" }
                        - { type: emial, to: ops@example.com }
                  - name: nightly
                    cron: "*/10 * * *"
                    timezone: Europe/Berln
                    spec: { app: shop, target: { url: "http://127.0.0.1:1" } }
                  - name: fast
                    every: 5s
                    spec: { app: shop, target: { url: "http://127.0.0.1:1" } }
                """;
        DocumentException e = assertThrows(DocumentException.class, () -> READER.readFile(file));
        var byPath = new java.util.HashMap<String, DocumentError>();
        e.errors().forEach(x -> byPath.putIfAbsent(x.path(), x));
        assertError(byPath, "monitors[0].evrey", 3, "did you mean \"every\"");
        assertError(byPath, "monitors[0].spec.checks[0].expect.stauts", 10, "status");
        assertError(byPath, "monitors[0].alerts.channels[0].url", 13, "must be an http(s) URL");
        assertError(byPath, "monitors[0].alerts.channels[1].type", 14, "did you mean \"email\"");
        assertError(byPath, "monitors[1].cron", 16, "cron");
        assertError(byPath, "monitors[1].timezone", 17, "did you mean \"Europe/Berlin\"");
        assertError(byPath, "monitors[2].every", 20, "at least 30s");
    }

    /**
     * Each structural rule of a monitor (owned by the schema) and each rule the reader keeps, as a user meets it:
     * the field's path, its line, and words that say what to write. Lines count from the monitor's {@code name:}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badMonitors")
    void eachBadMonitorIsOneClearErrorAtItsFieldAndLine(String extra, String path, int line, String fragment) {
        String body = "name: m\nspec: { app: shop, target: { url: \"http://127.0.0.1:1\" } }\n" + extra;
        DocumentException e = assertThrows(DocumentException.class, () -> READER.readOne(body));
        assertEquals(1, e.errors().size(), e.errors().toString());
        DocumentError error = e.errors().get(0);
        assertEquals(path, error.path(), error.toString());
        assertEquals(line, error.line(), error.toString());
        assertTrue(error.message().contains(fragment), error.toString());
        assertFalse(error.message().contains("271828"), "a secret's value is never repeated: " + error);
    }

    static Stream<Arguments> badMonitors() {
        String every = "every: 1m\n";
        String hook = every + "alerts:\n  channels:\n    - ";
        String window = every + "maintenance:\n  - ";
        return Stream.of(
                Arguments.of("", "every", 1, "is required: how often the monitor runs"),
                Arguments.of("evrey: 1m\n", "evrey", 3, "did you mean \"every\""),
                Arguments.of("crn: \"0 * * * *\"\n", "crn", 3, "did you mean \"cron\""),
                Arguments.of(every + "cron: \"0 * * * *\"\n", "cron", 4, "give every or cron, not both"),
                Arguments.of(every + "timezone: Europe/Berlin\n", "timezone", 4, "only applies to cron"),
                Arguments.of("every: 0s\n", "every", 3, "must be a duration such as 500ms, 30s, 5m, 1h or 7d"),
                Arguments.of("every: 5 minutes\n", "every", 3, "must be a duration such as"),
                Arguments.of("every: 10s\n", "every", 3, "must be at least 30s (shakedown.monitors.min-interval), got 10s"),
                Arguments.of("cron: \"0 * *\"\n", "cron", 3, "not a valid five-field cron expression"),
                // valid syntax, but February has no 30th: it would never run (it answered 500 when listed)
                Arguments.of("cron: \"0 0 30 2 *\"\n", "cron", 3, "never fires"),
                Arguments.of("cron: \"0 * * * *\"\ntimezone: Europe/Berln\n", "timezone", 4, "did you mean \"Europe/Berlin\""),
                Arguments.of("cron: \"   \"\n", "cron", 3, "must be a non-empty text"),
                Arguments.of(every + "failureThreshold: 0\n", "failureThreshold", 4, "must be a whole number from 1 to 100"),
                Arguments.of(every + "successThreshold: 2.5\n", "successThreshold", 4, "must be a whole number from 1 to 100"),
                Arguments.of(every + "degradedAfter: fast\n", "degradedAfter", 4, "must be a duration such as"),
                Arguments.of(every + "public: \"yes\"\n", "public", 4, "must be true or false"),
                Arguments.of(every + "alerts: []\n", "alerts", 4, "must be a mapping with channels"),
                Arguments.of(every + "alerts: { remindEvery: 1w }\n", "alerts.remindEvery", 4, "must be a duration such as"),
                Arguments.of(every + "alerts: { channels: {} }\n", "alerts.channels", 4, "must be a list of channels"),
                Arguments.of(hook + "5\n", "alerts.channels[0]", 6, "a channel is a mapping"),
                Arguments.of(hook + "{ type: webhook }\n", "alerts.channels[0].url", 6, "is required for a webhook channel"),
                Arguments.of(hook + "{ type: slack }\n", "alerts.channels[0].url", 6, "is required for a slack channel"),
                Arguments.of(hook + "{ type: slack, url: \"ftp://x/\" }\n", "alerts.channels[0].url", 6, "must be an http(s) URL"),
                Arguments.of(hook + "{ type: webhook, url: \"http://:80/\" }\n", "alerts.channels[0].url", 6, "with a host"),
                Arguments.of(hook + "{ type: emial, to: a@b }\n", "alerts.channels[0].type", 6, "did you mean \"email\""),
                Arguments.of(hook + "{ type: email }\n", "alerts.channels[0].to", 6, "is required for an email channel"),
                Arguments.of(hook + "{ type: email, to: ops }\n", "alerts.channels[0].to", 6, "not an e-mail address"),
                Arguments.of(hook + "{ type: email, to: [a@b, ops] }\n", "alerts.channels[0].to[1]", 6, "not an e-mail address"),
                Arguments.of(hook + "{ type: email, to: 5 }\n", "alerts.channels[0].to", 6, "must be an address or a list of addresses"),
                Arguments.of(hook + "{ type: slack, url: \"http://h/\", secret: s }\n", "alerts.channels[0].secret", 6,
                        "only a webhook channel signs its requests"),
                Arguments.of(hook + "{ type: webhook, url: \"http://h/\", secret: s, secretEnv: ALERT_WEBHOOK_SECRET }\n",
                        "alerts.channels[0].secretEnv", 6, "give secret or secretEnv, not both"),
                Arguments.of(hook + "{ type: webhook, url: \"http://h/\", secret: 271828 }\n", "alerts.channels[0].secret", 6,
                        "must be a non-empty text"),
                Arguments.of(hook + "{ type: webhook, url: \"http://h/\", secretEnv: NOPE }\n", "alerts.channels[0].secretEnv", 6,
                        "NOPE is not set"),
                Arguments.of(every + "maintenance: {}\n", "maintenance", 4, "must be a list of windows"),
                Arguments.of(window + "{ from: \"2026-12-01T22:00:00Z\" }\n", "maintenance[0].to", 5, "required"),
                Arguments.of(window + "{ from: \"2026-12-01T22:00:00Z\", to: \"2026-12-01T21:00:00Z\" }\n", "maintenance[0].to", 5,
                        "must be after from"),
                Arguments.of(window + "{ from: tomorrow, to: \"2026-12-01T21:00:00Z\" }\n", "maintenance[0].from", 5,
                        "must be an ISO-8601 time with an offset"),
                Arguments.of(window + "{ from: \"2026-12-01T22:00:00Z\", to: \"2026-12-01T23:00:00Z\", cron: \"0 * * * *\" }\n",
                        "maintenance[0].cron", 5, "a window is either from/to or cron/duration"),
                Arguments.of(window + "{ cron: \"0 2 * * SUN\" }\n", "maintenance[0].duration", 5, "is required for a recurring window"),
                Arguments.of(window + "{ duration: 30m }\n", "maintenance[0].cron", 5, "is required: when each window starts"),
                Arguments.of(window + "{ cron: \"0 2 * *\", duration: 30m }\n", "maintenance[0].cron", 5,
                        "not a valid five-field cron expression"),
                Arguments.of(window + "{ cron: \"0 2 * * SUN\", duration: 30m, timezone: Mars/Base }\n", "maintenance[0].timezone", 5,
                        "unknown timezone \"Mars/Base\""),
                Arguments.of(window + "{ crn: \"0 2 * * SUN\", duration: 30m }\n", "maintenance[0].crn", 5, "did you mean \"cron\""),
                Arguments.of(window + "7\n", "maintenance[0]", 5, "a window is {from, to}"));
    }

    @Test
    void theFileStructureAndUniqueNames() {
        assertFileError("- a\n", "", 1, "a monitors file is a mapping with a monitors: list");
        assertFileError("monitors: 5\n", "monitors", 1, "must be a list of monitors");
        assertFileError("monitors: [ 5 ]\n", "monitors[0]", 1, "a monitor is a mapping with at least name, spec and every");
        String m = "  - { name: a, every: 1m, spec: { app: shop, target: { url: \"http://127.0.0.1:1\" } } }\n";
        assertFileError("monitors:\n" + m + m, "monitors[1].name", 3, "duplicate monitor name \"a\" (first at monitors[0])");
        assertFileError("monitors:\n  - { every: 1m, spec: { app: shop } }\n", "monitors[0].spec.target", 2, "");
    }

    private static void assertFileError(String file, String path, int line, String fragment) {
        DocumentException e = assertThrows(DocumentException.class, () -> READER.readFile(file));
        assertTrue(e.errors().stream().anyMatch(x -> x.path().equals(path) && x.line() == line && x.message().contains(fragment)),
                path + " " + line + " " + fragment + ": " + e.errors());
    }

    @Test
    void aMissingSecretEnvIsNamed() {
        String file = """
                monitors:
                  - name: api
                    every: 1m
                    spec: { app: shop, target: { url: "http://127.0.0.1:1" } }
                    alerts: { channels: [ { type: webhook, url: "http://127.0.0.1:2/", secretEnv: NOPE } ] }
                """;
        DocumentException e = assertThrows(DocumentException.class, () -> READER.readFile(file));
        assertEquals("monitors[0].alerts.channels[0].secretEnv", e.errors().get(0).path());
        assertTrue(e.errors().get(0).message().contains("NOPE is not set"));
    }

    @Test
    void jitterSpreadsMonitorsSharingASchedule() {
        MonitorDefinition d = new MonitorDefinition("m", null, Duration.ofMinutes(1), null, null, 2, 1, null, false, null, List.of(), List.of(), false, false);
        Instant t = Instant.parse("2026-11-29T12:00:00Z");
        var seconds = new HashSet<Long>();
        for (int i = 0; i < 100; i++) {
            Schedule s = Schedule.of(d, UUID.randomUUID());
            Instant next = s.nextAfter(t);
            assertTrue(next.isAfter(t) && !next.isAfter(t.plusSeconds(60)));
            assertEquals(next, s.nextAfter(next.minusMillis(1)), "the same id always gives the same ticks");
            assertEquals(next.plusSeconds(60), s.nextAfter(next));
            assertEquals(next, s.latestAtOrBefore(next.plusSeconds(59)));
            seconds.add(next.getEpochSecond() % 60);
        }
        assertTrue(seconds.size() >= 40, "100 monitors at every: 1m start in " + seconds.size() + " different seconds");
    }

    @Test
    void cronTicksInTheirTimezoneWithJitterUnderAMinute() {
        MonitorDefinition d = new MonitorDefinition("m", null, null, "0 9 * * MON-FRI", "Europe/Berlin", 2, 1, null, false, null,
                List.of(), List.of(), false, false);
        Schedule s = Schedule.of(d, UUID.fromString("00000000-0000-0000-0000-00000000abcd"));
        Instant friday = Instant.parse("2026-11-27T12:00:00Z"); // Friday 13:00 in Berlin: the next run is Monday 09:00
        Instant next = s.nextAfter(friday);
        Instant monday9 = Instant.parse("2026-11-30T08:00:00Z");
        assertTrue(!next.isBefore(monday9) && next.isBefore(monday9.plusSeconds(60)), "next " + next);
        assertEquals(next, s.latestAtOrBefore(next.plusSeconds(3600)));
        assertEquals(next, s.nextAfter(next.minusMillis(1)));
    }

    @Test
    void recurringMaintenanceWindows() {
        var w = new MonitorDefinition.Maintenance(null, null, "0 2 * * SUN", Duration.ofMinutes(30), "Europe/Berlin");
        assertTrue(Schedule.inWindow(w, Instant.parse("2026-11-29T01:10:00Z"))); // Sunday 02:10 in Berlin (UTC+1)
        assertTrue(!Schedule.inWindow(w, Instant.parse("2026-11-29T01:40:00Z")));
        assertTrue(!Schedule.inWindow(w, Instant.parse("2026-11-28T01:10:00Z"))); // Saturday
        var once = new MonitorDefinition.Maintenance(Instant.parse("2026-12-01T22:00:00Z"), Instant.parse("2026-12-01T23:00:00Z"), null, null, null);
        assertTrue(Schedule.inWindow(once, Instant.parse("2026-12-01T22:30:00Z")));
        assertTrue(!Schedule.inWindow(once, Instant.parse("2026-12-01T23:00:00Z")));
    }

    private static void assertError(Map<String, DocumentError> byPath, String path, int line, String fragment) {
        DocumentError e = byPath.get(path);
        assertTrue(e != null, "no error at " + path + "; got " + byPath.keySet());
        assertEquals(line, e.line(), e.toString());
        assertTrue(e.message().contains(fragment), e.toString());
    }
}
