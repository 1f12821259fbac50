package io.shakedown.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.shakedown.run.EngineSettings;
import io.shakedown.support.ExampleImages;
import io.shakedown.target.DockerClients;
import io.shakedown.target.Labels;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real service processes (the packaged jar) on one PostgreSQL and one Docker engine; 40 runs submitted
 * across both; replica A is killed with SIGKILL while it executes runs. Every run must end exactly once,
 * none may be executed twice (every container creation is recorded from the Docker event stream, by its
 * run-id label), no container may be left, and replica B must finish the rest.
 * <p>
 * Cost: about a minute of wall time on the shared 2-core machine; 40 runs of the 2 MB slow-start image with a
 * 1 s start. The failover settings are shortened (heartbeat 1 s, stale after 5 s, checks every 2 s) so the
 * survivor takes over within seconds; the defaults are 5 s / 30 s / 10 s.
 */
class ReplicaFailoverIT {
    static final String ADMIN = "it-admin-" + UUID.randomUUID();
    static final int RUNS = 40;
    static final Set<String> FINAL = Set.of("PASSED", "FAILED", "ERROR", "CANCELLED");
    static final String SPEC = """
            app: failover-%d
            target:
              image: "shakedown-example/slow-start:1.0"
              port: 8080
              command: ["sh", "-c", "sleep 1; exec httpd -f -p 0.0.0.0:8080 -h /www"]
              startupTimeout: 60s
            readiness: { http: { path: /health } }
            checks:
              - name: home page
                request: { path: / }
                expect: { status: 200 }
            """;

    final HttpClient http = HttpClient.newHttpClient();
    final String installation = "failover-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Process> services = new ArrayList<>();
    final Map<String, Path> logs = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : services) {
            if (p.isAlive()) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (var docker = new DockerClients(settings())) { // never leave containers behind, even when an assertion failed
            docker.api.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.INSTALLATION, installation)).exec()
                    .forEach(c -> docker.api.removeContainerCmd(c.getId()).withForce(true).exec());
        }
    }

    @Test
    void sigkilledReplicasRunsEndOnceAndTheSurvivorFinishesTheRest() throws Exception {
        ExampleImages.ensureBuilt();
        int portA = ServiceProcessIT.freePort();
        int portB = ServiceProcessIT.freePort();
        Map<String, AtomicInteger> created = new ConcurrentHashMap<>(); // run id -> target containers created
        try (var docker = new DockerClients(settings());
             var db = DriverManager.getConnection(dbUrl(), "shakedown", "shakedown")) {
            var watch = docker.streams.eventsCmd()
                    .withEventTypeFilter(EventType.CONTAINER).withEventFilter("create")
                    .withLabelFilter(Map.of(Labels.INSTALLATION, installation))
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event e) {
                            var labels = e.getActor() == null ? Map.<String, String>of() : e.getActor().getAttributes();
                            if ("target".equals(labels.get(Labels.ROLE))) {
                                created.computeIfAbsent(labels.get(Labels.RUN_ID), k -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                    });
            try (watch) {
                Process a = start("replica-a", portA);
                Process b = start("replica-b", portB);
                String token = ServiceProcessIT.projectToken(http, portA, ADMIN, "failover-it");
                // a browser signed in through A is signed in on B: the replicas share the session key through the database
                var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/runs"))
                        .header("Cookie", "shakedown_session=" + signIn(portA, token)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode(), "B refused A's session: " + page.headers().map());
                assertTrue(page.body().contains("project failover-it"), "B's page names who signed in");
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) ids.add(post(i % 2 == 0 ? portA : portB, token, SPEC.formatted(i)));

                // kill A while it executes runs, once some runs are done (mid-way)
                await("replica A executes runs, some already finished", Duration.ofSeconds(120), () -> {
                    var rows = rows(db, ids);
                    long done = rows.values().stream().filter(r -> FINAL.contains(r.status)).count();
                    long onA = rows.values().stream().filter(r -> r.status.equals("RUNNING") && "replica-a".equals(r.owner)).count();
                    return done >= 8 && onA >= 2;
                });
                a.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                assertTrue(a.waitFor(10, TimeUnit.SECONDS));
                // A is dead: its RUNNING rows now are exactly the runs it was executing when it died
                Set<String> orphaned = new HashSet<>();
                rows(db, ids).forEach((id, r) -> { if (r.status.equals("RUNNING") && "replica-a".equals(r.owner)) orphaned.add(id); });
                assertFalse(orphaned.isEmpty(), "A was executing nothing when killed: this test would prove nothing");
                boolean orphanedContainers = orphaned.stream().anyMatch(id -> containerOf(docker, id));
                long killedAt = System.currentTimeMillis();

                await("every run reaches a final state", Duration.ofSeconds(180),
                        () -> rows(db, ids).values().stream().allMatch(r -> FINAL.contains(r.status)));
                long allDoneMillis = System.currentTimeMillis() - killedAt;
                var firstFinal = rows(db, ids);
                Thread.sleep(5_000); // over two recovery rounds and heartbeats: time for anything late to (wrongly) write
                await("no container of this installation is left", Duration.ofSeconds(30), () -> docker.api.listContainersCmd()
                        .withShowAll(true).withLabelFilter(Map.of(Labels.INSTALLATION, installation)).exec().isEmpty());

                var rows = rows(db, ids);
                assertEquals(firstFinal, rows, "a final state is final: no run changed status, summary or end time afterwards "
                        + "(the survivor's late results, the dead replica's, and the reaping must not touch them)");
                int finishedByB = 0;
                for (String id : ids) {
                    Row r = rows.get(id);
                    if (orphaned.contains(id)) {
                        assertEquals("ERROR", r.status, id + " " + r);
                        assertEquals("replica replica-a stopped during the run", r.summary, id + " " + r);
                    } else {
                        assertEquals("PASSED", r.status, "every run not orphaned passes: " + id + " " + r);
                        int n = created.getOrDefault(id, new AtomicInteger()).get();
                        assertEquals(1, n, "run " + id + " had " + n + " target container(s) created; exactly one expected");
                        if ("replica-b".equals(r.owner)) finishedByB++;
                    }
                    assertTrue(created.getOrDefault(id, new AtomicInteger()).get() <= 1, "run " + id + " was executed twice");
                }
                assertTrue(rows.values().stream().anyMatch(r -> "replica-b".equals(r.owner) && r.startedAfterMillis(killedAt)),
                        "B claimed runs after A died: the survivor finished the rest");
                System.out.printf("failover: %d runs, %d orphaned by the SIGKILL (containers up: %s), %d passed on B; all final %d ms after the kill%n",
                        RUNS, orphaned.size(), orphanedContainers, finishedByB, allDoneMillis);
            }
        }
    }

    /**
     * Issue 24: the Gatling report of a run executed on replica A (its own work folder, like a pod's emptyDir) is served
     * by replica B after A has stopped — from the database, not from a folder B never had.
     */
    @Test
    void aLoadReportOfARunOnOneReplicaIsServedByTheOtherAfterItStopped() throws Exception {
        ExampleImages.ensureBuilt();
        int portA = ServiceProcessIT.freePort();
        Path workA = Files.createTempDirectory("replica-a-perf");
        Process a = start("replica-a", portA, Map.of("shakedown.perf.work-dir", workA.toString()));
        String token = ServiceProcessIT.projectToken(http, portA, ADMIN, "loadreport-it");
        var done = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + portA + "/api/v1/validations?wait=300"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(Path.of("examples/perf-app/shakedown.yml"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, done.statusCode(), done.body());
        var run = ServiceProcessIT.JSON.readTree(done.body());
        String id = run.get("id").asText();
        String html = run.at("/report/performance/scenarios/0/htmlReport").asText();
        assertFalse(html.isEmpty(), "the run has a Gatling report: " + done.body());
        a.destroy();
        assertTrue(a.waitFor(30, TimeUnit.SECONDS));

        int portB = ServiceProcessIT.freePort();
        start("replica-b", portB, Map.of("shakedown.perf.work-dir", Files.createTempDirectory("replica-b-perf").toString()));
        var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + portB + "/api/v1/validations/" + id + "/performance/" + html))
                .header("Authorization", "Bearer " + token).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<html"), "Gatling's HTML page, served by B");
        assertFalse(Files.exists(workA.resolve(id)), "A's work folder no longer holds it: the database does");
    }

    Process start(String instance, int port) throws Exception {
        return start(instance, port, Map.of());
    }

    Process start(String instance, int port, Map<String, String> more) throws Exception {
        Path log = Files.createTempFile("shakedown-" + instance, ".log");
        logs.put(instance, log);
        var properties = new HashMap<>(Map.of(
                "shakedown.instance-id", instance,
                "shakedown.max-concurrent-runs", "4",
                "shakedown.replicas.heartbeat-interval", "1s",
                "shakedown.replicas.stale-after", "5s",
                "shakedown.replicas.check-interval", "2s"));
        properties.putAll(more);
        Process p = ServiceProcessIT.launch(port, installation, log, Map.of("SHAKEDOWN_AUTH_ADMIN_TOKEN", ADMIN), properties);
        services.add(p);
        ServiceProcessIT.awaitLive(http, port, log);
        return p;
    }

    String post(int port, String token, String spec) throws Exception {
        var posted = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/validations"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(spec)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(202, posted.statusCode(), posted.body());
        return ServiceProcessIT.JSON.readTree(posted.body()).get("id").asText();
    }

    record Row(String status, String owner, String summary, java.sql.Timestamp startedAt, java.sql.Timestamp finishedAt) {
        boolean startedAfterMillis(long millis) {
            return startedAt != null && startedAt.getTime() > millis;
        }
    }

    /** The run rows as the database has them (the only source of truth replicas share). */
    static Map<String, Row> rows(Connection db, List<String> ids) {
        try (var q = db.prepareStatement("select id, status, owner_instance, summary, started_at, finished_at from validation_run where id = any (?)")) {
            q.setArray(1, db.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            Map<String, Row> out = new HashMap<>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new Row(rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5), rs.getTimestamp(6)));
            }
            assertEquals(ids.size(), out.size(), "every submitted run has a row");
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean containerOf(DockerClients docker, String runId) {
        return !docker.api.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.RUN_ID, runId, Labels.INSTALLATION, installation)).exec().isEmpty();
    }

    static String dbUrl() {
        return System.getenv().getOrDefault("SHAKEDOWN_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/shakedown_test");
    }

    EngineSettings settings() {
        return new EngineSettings(Optional.empty(), installation, Optional.empty(), Optional.empty(), "shakedown-base/busybox:local");
    }

    void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(250);
        }
        StringBuilder out = new StringBuilder("timed out waiting until " + what);
        for (var e : logs.entrySet()) {
            List<String> lines = Files.readAllLines(e.getValue());
            out.append("\n--- ").append(e.getKey()).append(" log (last 60 lines):\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
        throw new AssertionError(out);
    }

    /** Signs in to the web UI of the replica on {@code port} through its form, as a browser does; the session cookie's value. */
    static String signIn(int port, String token) throws Exception {
        var client = HttpClient.newHttpClient(); // no redirects followed: the answers themselves are checked
        var form = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login?next=/runs")).build(),
                HttpResponse.BodyHandlers.ofString());
        var nonce = java.util.regex.Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(nonce.find(), form.body());
        var signedIn = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "shakedown_login=" + nonce.group(1))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&next=/runs&nonce=" + nonce.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        return signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("shakedown_session="))
                .map(c -> c.substring("shakedown_session=".length(), c.indexOf(';'))).findFirst().orElseThrow();
    }
}
