package io.shakedown.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.browser.BrowserSettings;
import io.shakedown.run.EngineSettings;
import io.shakedown.support.ExampleImages;
import io.shakedown.target.DockerClients;
import io.shakedown.target.Labels;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged artefacts as a user runs them, in their own processes: the service jar killed with
 * SIGKILL mid-run and restarted (the restart reaps the run's container and its Chromium), and the
 * {@code ./shakedown} launcher.
 */
class ServiceProcessIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    final String installation = "it-" + UUID.randomUUID().toString().substring(0, 8);
    static final String ADMIN = "it-admin-" + UUID.randomUUID();
    Process service;
    Path serviceLog;
    String token;

    @AfterEach
    void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(profileRoot()); // the installation's (empty) browser folder; a leftover profile fails the test itself
        } catch (java.io.IOException e) {
            // not empty: the test has already said why
        }
    }

    @Test
    void killMinus9DuringARunThenRestart() throws Exception {
        int port = freePort();
        String id = startServiceWithARunningContainer(port, "kill9-it");
        try (var docker = new DockerClients(settings())) {
            BooleanSupplier containerExists = () -> containerOf(docker, id);

            // the run declares a browser page: its Chromium started with the run, while the app is still starting
            await("the run's Chromium is up", Duration.ofSeconds(30), () -> !browsers().isEmpty());
            service.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(service.waitFor(10, TimeUnit.SECONDS));
            assertTrue(containerExists.getAsBoolean(), "after kill -9 the container is orphaned (or this test proves nothing)");
            assertTrue(!browsers().isEmpty(), "after kill -9 Chromium and chromedriver outlive the JVM (or this test proves nothing)");

            service = startService(port);
            await("the run is closed", Duration.ofSeconds(20), () -> "ERROR".equals(status(port, id)));
            JsonNode run = get(port, id);
            assertTrue(run.get("summary").asText().contains("interrupted by restart"), run.toString());
            await("the orphaned container is reaped", Duration.ofSeconds(20), () -> !containerExists.getAsBoolean());
            await("the orphaned Chromium is killed and its profile deleted", Duration.ofSeconds(20),
                    () -> browsers().isEmpty() && profilesLeft().isEmpty());
        }
    }

    @Test
    void gracefulShutdownStopsTheRunAndRemovesItsContainer() throws Exception {
        int port = freePort();
        String id = startServiceWithARunningContainer(port, "shutdown-it");
        try (var docker = new DockerClients(settings())) {
            BooleanSupplier containerExists = () -> containerOf(docker, id);
            await("the run's Chromium is up", Duration.ofSeconds(30), () -> !browsers().isEmpty());
            service.destroy(); // SIGTERM, as `docker stop` or Kubernetes would send
            assertTrue(service.waitFor(30, TimeUnit.SECONDS), "the service stops within its grace period");
            assertTrue(!containerExists.getAsBoolean(), "no container is left behind by a graceful shutdown");
            assertEquals(List.of(), browsers(), "nor a Chromium");
            assertEquals(List.of(), profilesLeft(), "nor a browser profile");
            service = startService(port);
            JsonNode run = get(port, id);
            assertEquals("ERROR", run.get("status").asText(), run.toString());
            assertTrue(run.get("summary").asText().contains("service shut down during the run"), run.toString());
        }
    }

    /** Starts the service and a run that stays in readiness (its app never gets ready); returns once its container is up. */
    String startServiceWithARunningContainer(int port, String app) throws Exception {
        ExampleImages.ensureBuilt();
        serviceLog = Files.createTempFile("shakedown-service", ".log");
        service = startService(port);
        String id = post(port, """
                app: %s
                target: { image: "shakedown-example/still-starting:1.0", port: 8080, startupTimeout: 120s }
                readiness: { http: { path: /health } }
                browser: { pages: [/] }
                """.formatted(app));
        try (var docker = new DockerClients(settings())) {
            await("the run's container is up", Duration.ofSeconds(30), () -> containerOf(docker, id) && "RUNNING".equals(status(port, id)));
        }
        return id;
    }

    /** This installation's browser profiles (the service makes them under the temporary folder). */
    Path profileRoot() {
        return BrowserSettings.forInstallation(installation, 1).profileRoot();
    }

    /** Processes running on a profile of this installation: Chromium and its helpers. */
    List<String> browsers() {
        String marker = "--user-data-dir=" + profileRoot();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(marker)).toList();
    }

    List<String> profilesLeft() {
        if (!Files.isDirectory(profileRoot())) return List.of();
        try (var files = Files.list(profileRoot())) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of("unreadable: " + e.getMessage());
        }
    }

    boolean containerOf(DockerClients docker, String runId) {
        return !docker.api.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.RUN_ID, runId, Labels.INSTALLATION, installation)).exec().isEmpty();
    }

    String post(int port, String spec) throws Exception {
        if (token == null) token = projectToken(http, port, ADMIN, "service-it");
        var posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/validations"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, posted.statusCode(), posted.body());
        return JSON.readTree(posted.body()).get("id").asText();
    }

    @Test
    void launcherValidatesHelloApi() throws Exception {
        ExampleImages.ensureBuilt();
        Path out = Files.createTempDirectory("shakedown-out");
        Process p = new ProcessBuilder("./shakedown", "validate", "examples/hello-api/shakedown.yml", "--out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("PASSED — "), output);
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"verdict\" : \"PASSED\""));
    }

    EngineSettings settings() {
        return new EngineSettings(Optional.empty(), installation, Optional.empty(), Optional.empty(), "shakedown-base/busybox:local");
    }

    Process startService(int port) throws Exception {
        Process p = launch(port, installation, serviceLog, Map.of("SHAKEDOWN_AUTH_ADMIN_TOKEN", ADMIN));
        awaitLive(http, port, serviceLog);
        return p;
    }

    /** The packaged service as its own process, on the test database. */
    static Process launch(int port, String installation, Path log, Map<String, String> env) throws Exception {
        return launch(port, installation, log, env, Map.of());
    }

    /** As {@link #launch(int, String, Path, Map)}, with extra {@code -D} settings (they win over the defaults here). */
    static Process launch(int port, String installation, Path log, Map<String, String> env, Map<String, String> properties) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port,
                // several replicas at once: each its own management interface (health, metrics), not the default 9000
                "-Dquarkus.management.port=" + managementPort(port),
                "-Dshakedown.installation-id=" + installation,
                "-Dshakedown.instance-id=it-instance",
                "-Dshakedown.helper-image=shakedown-base/busybox:local"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v)); // the last -D of a key wins
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        var pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SHAKEDOWN_DB_URL", System.getenv().getOrDefault("SHAKEDOWN_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/shakedown_test"));
        pb.environment().remove("SHAKEDOWN_AUTH_ADMIN_TOKEN");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The management port of the service launched on {@code port}: a free port of its own, the same on every restart. */
    static int managementPort(int port) {
        return MANAGEMENT_PORTS.computeIfAbsent(port, p -> {
            try {
                return freePort();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static final Map<Integer, Integer> MANAGEMENT_PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    static void awaitLive(HttpClient http, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort(port) + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not answer; its log:\n" + Files.readString(log));
    }

    /** Creates {@code project} (if new) through the admin endpoint and returns a fresh token of it. */
    static String projectToken(HttpClient http, int port, String admin, String project) throws Exception {
        String base = "http://127.0.0.1:" + port + "/api/v1/admin/projects";
        http.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + project + "\"}")).build(), HttpResponse.BodyHandlers.discarding());
        var r = http.send(HttpRequest.newBuilder(URI.create(base + "/" + project + "/tokens")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }

    JsonNode get(int port, String id) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/validations/" + id))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    String status(int port, String id) {
        try {
            return get(port, id).path("status").asText();
        } catch (Exception e) {
            return "";
        }
    }

    void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting until " + what + "; service log:\n"
                + (serviceLog == null ? "" : Files.readString(serviceLog)));
    }

    static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
