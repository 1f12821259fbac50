package io.shakedown.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real replicas (two processes of the packaged service) on one PostgreSQL database, both scheduling the same
 * monitors: no tick runs twice and, while both live, none is lost (every tick from a monitor's first to its last
 * either has its run or is recorded skipped). Uses its own schema, dropped first.
 */
class MonitorReplicasIT {

    static final String SCHEMA = "monitors_replicas_it";
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer target;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        if (target != null) target.stop(0);
    }

    private static String baseUrl() {
        String url = System.getenv().getOrDefault("SHAKEDOWN_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/shakedown_test");
        return url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(baseUrl() + "?currentSchema=" + SCHEMA, "shakedown", "shakedown");
    }

    @Test
    void twoReplicasNeverRunATickTwiceAndLoseNone() throws Exception {
        try (Connection c = db(); var st = c.createStatement()) {
            st.execute("drop schema if exists " + SCHEMA + " cascade");
        }
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        target.createContext("/health", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        target.start();
        Path log = Files.createTempFile("monitor-replicas", ".log");
        int a = freePort(), b = freePort();
        launch(a, "replica-a", log);
        launch(b, "replica-b", log);
        ServiceProcessIT.awaitLive(http, a, log);
        ServiceProcessIT.awaitLive(http, b, log);

        var file = new StringBuilder("monitors:\n");
        for (int i = 0; i < 8; i++) {
            file.append("""
                      - name: m%d
                        every: 1s
                        spec:
                          app: replicas
                          target: { url: "http://127.0.0.1:%d", startupTimeout: 2s }
                          checks: [ { name: health, request: { path: /health }, expect: { status: 200 } } ]
                    """.formatted(i, target.getAddress().getPort()));
        }
        var applied = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a + "/api/v1/monitors/apply"))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(file.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, applied.statusCode(), applied.body());
        Thread.sleep(15_000);
        // pause through the other replica: one database
        for (int i = 0; i < 8; i++) {
            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b + "/api/v1/monitors/m" + i + "/pause"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }
        Thread.sleep(3000);

        Map<UUID, List<Instant>> ticks = new HashMap<>();
        Set<String> executors = new HashSet<>();
        int runs = 0;
        try (Connection c = db(); var st = c.createStatement()) {
            var rs = st.executeQuery("select monitor_id, scheduled_at, owner_instance from validation_run where monitor_id is not null");
            while (rs.next()) {
                ticks.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getTimestamp(2).toInstant());
                if (rs.getString(3) != null) executors.add(rs.getString(3));
                runs++;
            }
            rs = st.executeQuery("select monitor_id, scheduled_at from monitor_skip");
            while (rs.next()) ticks.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getTimestamp(2).toInstant());
        }
        assertEquals(8, ticks.size());
        assertTrue(runs >= 8 * 8, "8 monitors at every: 1s for 15 s ran only " + runs + " times");
        assertEquals(Set.of("replica-a", "replica-b"), executors, "both replicas executed monitor runs");
        for (var e : ticks.entrySet()) {
            List<Instant> all = e.getValue();
            all.sort(null);
            assertEquals(all.size(), new HashSet<>(all).size(), "a tick ran twice: " + all);
            for (int i = 1; i < all.size(); i++) {
                assertEquals(1000, Duration.between(all.get(i - 1), all.get(i)).toMillis(), "tick lost for " + e.getKey() + ": " + all);
            }
        }
    }

    private void launch(int port, String instance, Path log) throws Exception {
        processes.add(ServiceProcessIT.launch(port, "monitor-replicas", log, Map.of(
                "SHAKEDOWN_DB_URL", baseUrl() + "?currentSchema=" + SCHEMA,
                "QUARKUS_FLYWAY_SCHEMAS", SCHEMA,
                "SHAKEDOWN_AUTH_ENABLED", "false",
                "SHAKEDOWN_MONITORS_MIN_INTERVAL", "1s",
                "SHAKEDOWN_MAX_CONCURRENT_RUNS", "4"), Map.of("shakedown.instance-id", instance)));
    }

    private static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
