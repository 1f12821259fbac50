package io.shakedown.monitor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.support.Management;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shakedown.api.ApiAuth;
import io.shakedown.api.Poll;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shakedown.store.Sql;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduling against the real database: several schedulers at once (two extra "replicas" as threads in this JVM,
 * besides the service's own scheduler) never run a tick twice and lose none; one catch-up after downtime; a tick
 * that finds the previous run still going is recorded skipped; maintenance windows mark runs and keep the state.
 */
@QuarkusTest
class MonitorSchedulingTest {

    @Inject MonitorScheduler scheduler;
    @Inject MonitorRetention retention;
    @Inject DataSource ds;
    @Inject Sql sql;

    @AfterEach
    void reset() {
        RestAssured.requestSpecification = null;
    }

    private static String create(String name, String schedule, String target, String extra) {
        String body = """
                name: %s
                %s
                spec:
                  app: sched
                  target: { url: "%s", startupTimeout: 1s }
                  checks: [ { name: root, request: { path: /health }, expect: { status: 200 } } ]
                %s
                """.formatted(name, schedule, target, extra);
        return given().contentType("application/yaml").body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id");
    }

    /** The scheduler asks "how long until the next tick" with min(...): with no monitor due that is one NULL row. */
    @Test
    void aRowThatMapsToNullIsNoRow() {
        QuarkusTransaction.requiringNew().run(() -> aRowThatMapsToNullIsNoRowIn(sql));
    }

    private static void aRowThatMapsToNullIsNoRowIn(Sql db) {
        assertTrue(db.one("select cast(null as bigint) as ms", rs -> (Long) rs.getObject("ms")).isEmpty());
        assertEquals(7L, db.one("select cast(7 as bigint) as ms", rs -> (Long) rs.getObject("ms")).orElseThrow());
        assertTrue(db.one("select 1 as x where false", rs -> rs.getInt("x")).isEmpty());
    }

    @Test
    void concurrentSchedulersNeverRunATickTwiceAndLoseNone() throws Exception {
        RestAssured.requestSpecification = ApiAuth.as("mon-sched");
        try (var app = new StagingApp()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) ids.add(create("replica-" + i, "every: 1s", app.url(), ""));
            ExecutorService replicas = Executors.newFixedThreadPool(2);
            var failures = new ConcurrentLinkedQueue<Throwable>();
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            for (int r = 0; r < 2; r++) {
                replicas.execute(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            scheduler.tick();
                            Thread.sleep(20);
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }
                });
            }
            replicas.shutdown();
            assertTrue(replicas.awaitTermination(30, TimeUnit.SECONDS));
            for (String id : ids) given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
            assertTrue(failures.isEmpty(), "scheduler passes failed: " + failures);

            for (String id : ids) {
                List<Instant> runs = instants("select scheduled_at from validation_run where monitor_id = ? order by scheduled_at", id);
                List<Instant> skips = instants("select scheduled_at from monitor_skip where monitor_id = ? order by scheduled_at", id);
                var all = new ArrayList<Instant>(runs);
                all.addAll(skips);
                all.sort(null);
                assertEquals(all.size(), all.stream().distinct().count(), "a tick ran twice: " + all);
                assertTrue(runs.size() >= 5, "monitor " + id + " ran " + runs.size() + " times in 8 s at every: 1s");
                for (int i = 1; i < all.size(); i++) {
                    assertEquals(1000, Duration.between(all.get(i - 1), all.get(i)).toMillis(), "a tick was lost between "
                            + all.get(i - 1) + " and " + all.get(i) + " (runs " + runs + ", skipped " + skips + ")");
                }
            }
        }
    }

    /**
     * A monitor's run is queued like a submitted one (RunSubmissions): it raises the run-queued event, so
     * shakedown_runs_submitted_total counts it (the scheduler used to insert its own row and was left out).
     */
    @Test
    void aMonitorRunIsCountedAsSubmitted() {
        RestAssured.requestSpecification = ApiAuth.as("mon-sched");
        String body = """
                name: counted
                every: 1h
                spec:
                  app: sched-counted
                  target: { url: "http://127.0.0.1:9", startupTimeout: 1s }
                """;
        String id = given().contentType("application/yaml").body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id");
        String series = "shakedown_runs_submitted_total{app=\"sched-counted\"}";
        double before = submitted(series);
        sql("update monitor set next_tick_at = now() - interval '1 second' where id = ?", id);
        scheduler.tick(); // or the service's own scheduling loop got there first: one run either way
        Poll.until(Duration.ofSeconds(5), () -> count("select count(*) from validation_run where monitor_id = ?", id) > 0);
        given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
        assertEquals(1, count("select count(*) from validation_run where monitor_id = ?", id), "one run of the tick");
        assertEquals(before + 1, submitted(series), series);
    }

    private static double submitted(String series) {
        String text = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void afterDowntimeOnlyOneCatchUpRun() {
        RestAssured.requestSpecification = ApiAuth.as("mon-sched");
        String id = create("catch-up", "every: 1h", "http://127.0.0.1:9", "");
        // as if the service had been down for five hours
        sql("update monitor set next_tick_at = now() - interval '5 hours' where id = ?", id);
        scheduler.tick();
        scheduler.tick();
        List<Instant> runs = instants("select scheduled_at from validation_run where monitor_id = ?", id);
        assertEquals(1, runs.size(), "one catch-up run, not five: " + runs);
        assertTrue(runs.get(0).isAfter(Instant.now().minus(Duration.ofHours(1))), "it is the latest missed tick: " + runs);
        Instant next = instants("select next_tick_at from monitor where id = ?", id).get(0);
        assertTrue(next.isAfter(Instant.now()) && next.isBefore(Instant.now().plus(Duration.ofHours(1))), "next tick " + next);
        given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
    }

    @Test
    void aTickWhileThePreviousRunStillGoesIsRecordedSkipped() throws Exception {
        RestAssured.requestSpecification = ApiAuth.as("mon-sched");
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        slow.setExecutor(Executors.newCachedThreadPool());
        slow.createContext("/health", ex -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        slow.start();
        try {
            String id = create("slow-one", "every: 1s", "http://127.0.0.1:" + slow.getAddress().getPort(), "");
            Poll.until(Duration.ofSeconds(30), () -> instants("select scheduled_at from monitor_skip where monitor_id = ?", id).size() >= 2
                    && count("select count(*) from validation_run where monitor_id = ? and status = 'PASSED'", id) >= 1);
            given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
            var history = given().get("/api/v1/monitors/" + id + "/history").then().statusCode(200).extract().jsonPath();
            assertTrue(history.getString("skipped[0].reason").contains("still"), history.prettify());
            // the monitor's runs never overlap
            List<Instant[]> spans = new ArrayList<>();
            try (var c = ds.getConnection(); var st = c.prepareStatement(
                    "select started_at, finished_at from validation_run where monitor_id = ? and started_at is not null order by started_at")) {
                st.setObject(1, UUID.fromString(id));
                var rs = st.executeQuery();
                while (rs.next()) spans.add(new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()});
            }
            for (int i = 1; i < spans.size(); i++) {
                assertFalse(spans.get(i - 1)[1] == null || spans.get(i)[0].isBefore(spans.get(i - 1)[1]), "runs overlap");
            }
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void maintenanceRunsAreMarkedAndChangeNoState() {
        RestAssured.requestSpecification = ApiAuth.as("mon-sched");
        String window = "maintenance: [ { from: \"" + Instant.now().minusSeconds(60) + "\", to: \"" + Instant.now().plusSeconds(3600) + "\" } ]\n"
                + "failureThreshold: 1";
        String id = create("in-maintenance", "every: 1h", "http://127.0.0.1:9", window);
        given().get("/api/v1/monitors/" + id).then().body("inMaintenance", org.hamcrest.Matchers.equalTo(true));
        given().post("/api/v1/monitors/" + id + "/run").then().statusCode(202);
        Poll.until(Duration.ofSeconds(30), () -> count("select count(*) from validation_run where monitor_id = ? and not monitor_pending"
                + " and status = 'FAILED'", id) == 1);
        assertEquals(1, count("select count(*) from validation_run where monitor_id = ? and in_maintenance", id));
        given().get("/api/v1/monitors/" + id).then().body("state", org.hamcrest.Matchers.equalTo("UNKNOWN"));
        assertEquals(0, count("select count(*) from monitor_alert where monitor_id = ?", id), "no alert in maintenance");
        given().get("/api/v1/monitors/" + id + "/history").then().body("runs[0].inMaintenance", org.hamcrest.Matchers.equalTo(true));
        given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
    }

    @Test
    void remindersWhileDownAndRetentionKeepsTheSummaryRow() {
        RestAssured.requestSpecification = ApiAuth.as("mon-sched");
        String id = create("reminded", "every: 1h", "http://127.0.0.1:9", "failureThreshold: 1\nalerts: { remindEvery: 1s }");
        given().post("/api/v1/monitors/" + id + "/run").then().statusCode(202);
        Poll.until(Duration.ofSeconds(30), () -> count("select count(*) from monitor_alert where monitor_id = ? and kind = 'REMINDER'", id) >= 2);
        assertEquals(1, count("select count(*) from monitor_alert where monitor_id = ? and kind = 'DOWN'", id), "one DOWN, then reminders");
        given().post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
        long reminders = count("select count(*) from monitor_alert where monitor_id = ? and kind = 'REMINDER'", id);
        try {
            Thread.sleep(2500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(reminders, count("select count(*) from monitor_alert where monitor_id = ? and kind = 'REMINDER'", id), "no reminder while paused");

        // retention: the report goes, the summary row (verdict, summary, times, figures) stays and still counts
        var pruned = retention.prune(Duration.ZERO, Duration.ofDays(400));
        assertTrue(pruned.reportsDropped() >= 1, pruned.toString());
        assertEquals(0, count("select count(*) from validation_run where monitor_id = ? and report is not null", id));
        var h = given().get("/api/v1/monitors/" + id + "/history").then().statusCode(200).extract().jsonPath();
        assertEquals("FAILED", h.getString("runs[0].status"));
        assertEquals(false, h.getBoolean("runs[0].reportKept"));
        assertTrue(h.getInt("runs[0].figures.requests") >= 0 && h.getString("runs[0].summary") != null, h.prettify());
        assertEquals(0.0f, h.getFloat("uptime.24h"), "uptime still counts pruned runs");
    }

    @Test
    void deletingAMonitorReleasesItsRunsStillWaitingToBeCounted() {
        RestAssured.requestSpecification = ApiAuth.as("mon-sched");
        String id = create("deleted-mid-run", "every: 1h\npaused: true", "http://127.0.0.1:9", "");
        // a run of the monitor still going when it is deleted (as the scheduler inserts it: pending until counted)
        String run = UUID.randomUUID().toString();
        try (var c = ds.getConnection(); var st = c.prepareStatement("""
                insert into validation_run (id, app, status, spec_text, spec_format, created_at, monitor_id, scheduled_at, monitor_pending)
                values (?, 'sched', 'RUNNING', '{}', 'json', now(), ?, now(), true)""")) {
            st.setObject(1, UUID.fromString(run));
            st.setObject(2, UUID.fromString(id));
            st.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        given().delete("/api/v1/monitors/" + id).then().statusCode(204);
        assertEquals(1, count("select count(*) from validation_run where id = ? and monitor_id is null and not monitor_pending", run),
                "the run stays, no longer attached to a monitor nor waiting to be counted");
    }

    private List<Instant> instants(String query, String id) {
        try (var c = ds.getConnection(); var st = c.prepareStatement(query)) {
            st.setObject(1, UUID.fromString(id));
            var rs = st.executeQuery();
            List<Instant> out = new ArrayList<>();
            while (rs.next()) {
                Timestamp t = rs.getTimestamp(1);
                out.add(t.toInstant());
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String query, String id) {
        try (var c = ds.getConnection(); var st = c.prepareStatement(query)) {
            st.setObject(1, UUID.fromString(id));
            var rs = st.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement, String id) {
        try (var c = ds.getConnection(); var st = c.prepareStatement(statement)) {
            st.setObject(1, UUID.fromString(id));
            st.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
