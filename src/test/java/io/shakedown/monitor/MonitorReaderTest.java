package io.shakedown.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.spec.SpecError;
import io.shakedown.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** monitors.yaml is read like a spec: every problem with its field path and line, did-you-mean for typos. */
class MonitorReaderTest {

    private static final MonitorReader READER = new MonitorReader(Duration.ofSeconds(30), Map.of("ALERT_WEBHOOK_SECRET", "s3cret")::get);

    @Test
    void theExampleFileIsValid() throws Exception {
        List<MonitorDefinition> ds = READER.readFile(Files.readString(Path.of("examples/monitors/monitors.yaml")));
        assertEquals(2, ds.size());
        assertEquals(Duration.ofMinutes(1), ds.get(0).every());
        assertEquals("s3cret", ds.get(0).channels().get(0).secret(), "secretEnv is resolved");
        assertEquals("Europe/Berlin", ds.get(1).timezone());
    }

    @Test
    void docsSchemaIsTheServedOne() throws Exception {
        assertEquals(MonitorReader.schemaJson(), Files.readString(Path.of("docs/monitors.schema.json")),
                "docs/monitors.schema.json drifted from src/main/resources" + MonitorReader.SCHEMA_RESOURCE + "; copy it over");
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
        SpecException e = assertThrows(SpecException.class, () -> READER.readFile(file));
        var byPath = new java.util.HashMap<String, SpecError>();
        e.errors().forEach(x -> byPath.putIfAbsent(x.path(), x));
        assertError(byPath, "monitors[0].evrey", 3, "did you mean \"every\"");
        assertError(byPath, "monitors[0].spec.checks[0].expect.stauts", 10, "status");
        assertError(byPath, "monitors[0].alerts.channels[0].url", 13, "must be an http(s) URL");
        assertError(byPath, "monitors[0].alerts.channels[1].type", 14, "did you mean \"email\"");
        assertError(byPath, "monitors[1].cron", 16, "cron");
        assertError(byPath, "monitors[1].timezone", 17, "did you mean \"Europe/Berlin\"");
        assertError(byPath, "monitors[2].every", 20, "at least 30s");
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
        SpecException e = assertThrows(SpecException.class, () -> READER.readFile(file));
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

    private static void assertError(Map<String, SpecError> byPath, String path, int line, String fragment) {
        SpecError e = byPath.get(path);
        assertTrue(e != null, "no error at " + path + "; got " + byPath.keySet());
        assertEquals(line, e.line(), e.toString());
        assertTrue(e.message().contains(fragment), e.toString());
    }
}
