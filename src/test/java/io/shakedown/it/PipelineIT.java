package io.shakedown.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.ReportSchemas;
import io.shakedown.support.ExampleImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline side as a user meets it, against the packaged service in its own process (authentication on,
 * real PostgreSQL, real Docker): the GitHub Action's script with a fake GITHUB_* environment (summary and
 * output files), and {@code ./shakedown submit}.
 */
class PipelineIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "it-admin-" + UUID.randomUUID();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Process service;
    static Path serviceLog;
    static int port;
    static String token;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startService() throws Exception {
        ExampleImages.ensureBuilt();
        port = ServiceProcessIT.freePort();
        serviceLog = Files.createTempFile("shakedown-pipeline-it", ".log");
        service = ServiceProcessIT.launch(port, "it-pipeline-" + UUID.randomUUID().toString().substring(0, 8), serviceLog, Map.of(
                "SHAKEDOWN_AUTH_ADMIN_TOKEN", ADMIN));
        ServiceProcessIT.awaitLive(HTTP, port, serviceLog);
        token = ServiceProcessIT.projectToken(HTTP, port, ADMIN, "pipeline-it");
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    ActionScript.Ran action(Map<String, String> inputs) throws Exception {
        var withServer = new HashMap<>(inputs);
        withServer.putIfAbsent("INPUT_SERVER", "http://127.0.0.1:" + port);
        return ActionScript.run(tmp, withServer);
    }

    @Test
    void actionPassesAndWritesSummaryOutputsAndEveryReport() throws Exception {
        ActionScript.Ran r = action(Map.of("INPUT_TOKEN", token, "INPUT_SPEC", "examples/hello-api/shakedown.yml"));
        assertEquals(0, r.exit(), r.output());
        assertEquals("PASSED", r.outputs().get("verdict"), r.output());
        String id = r.outputs().get("run-id");
        assertEquals("http://127.0.0.1:" + port + "/runs/" + id, r.outputs().get("report-url"));
        assertTrue(r.summary().contains("(http://127.0.0.1:" + port + "/runs/" + id + ")"), "the job summary links the run page: " + r.summary());
        assertTrue(r.summary().startsWith("## ✅ Shakedown PASSED — hello-api (ci)"), r.summary());
        Path reports = tmp.resolve("reports");
        for (ReportFormat f : ReportFormat.values()) assertTrue(Files.size(reports.resolve(f.fileName())) > 0, f.fileName());
        ReportSchemas.assertValidJUnit(Files.readString(reports.resolve("junit.xml")));
        var sarif = ReportSchemas.assertValidSarif(Files.readString(reports.resolve("report.sarif")));
        assertEquals("PASSED", sarif.at("/runs/0/properties/verdict").asText());
        ReportSchemas.assertSelfContainedHtml(Files.readString(reports.resolve("report.html")));
        assertFalse(r.output().contains(token.substring(4)) && !r.output().contains("::add-mask::"), "token printed unmasked");
    }

    @Test
    void actionFailsOnABrokenAppWithTheEvidenceAndFailOnIsHonoured() throws Exception {
        ActionScript.Ran r = action(Map.of("INPUT_TOKEN", token, "INPUT_SPEC", "examples/broken/binds-localhost/shakedown.yml"));
        assertEquals(1, r.exit(), r.output());
        assertEquals("FAILED", r.outputs().get("verdict"));
        assertTrue(r.summary().startsWith("## ❌ Shakedown FAILED"), r.summary());
        assertTrue(r.summary().contains("LOOPBACK_ONLY"), r.summary());
        assertTrue(r.output().contains("::error title=Shakedown FAILED::"), r.output());
        var sarif = ReportSchemas.assertValidSarif(Files.readString(tmp.resolve("reports/report.sarif")));
        assertEquals("readiness/LOOPBACK_ONLY", sarif.at("/runs/0/results/0/ruleId").asText());
        assertEquals("examples/broken/binds-localhost/shakedown.yml", sarif.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asText());

        ActionScript.Ran lenient = action(Map.of("INPUT_TOKEN", token, "INPUT_SPEC", "examples/broken/binds-localhost/shakedown.yml", "INPUT_FAIL_ON", "ERROR"));
        assertEquals(0, lenient.exit(), lenient.output());
        assertEquals("FAILED", lenient.outputs().get("verdict"));
    }

    @Test
    void actionWithAWrongTokenIsAnError() throws Exception {
        ActionScript.Ran r = action(Map.of("INPUT_TOKEN", "sdk_wrong", "INPUT_SPEC", "examples/hello-api/shakedown.yml"));
        assertEquals(1, r.exit(), r.output());
        assertEquals("ERROR", r.outputs().get("verdict"));
        assertTrue(r.summary().contains("refused the token (401)"), r.summary());
    }

    @Test
    void actionOverridesTheImage() throws Exception {
        // the repository's spec names hello-api:1.0; the pipeline validates the image it built instead
        Path spec = tmp.resolve("shakedown.yml");
        Files.writeString(spec, Files.readString(Path.of("examples/hello-api/shakedown.yml"))
                .replace("shakedown-example/hello-api:1.0", "shakedown-example/does-not-exist:9"));
        ActionScript.Ran r = action(Map.of("INPUT_TOKEN", token, "INPUT_SPEC", spec.toString(), "INPUT_IMAGE", "shakedown-example/hello-api:1.0"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.summary().contains("shakedown-example/hello-api:1.0"), r.summary());
    }

    @Test
    void submitCommandFollowsPrintsWritesAndExitsByVerdict() throws Exception {
        Path out = tmp.resolve("submit-out");
        var pb = new ProcessBuilder("./shakedown", "submit", "examples/broken/wrong-port/shakedown.yml", "--server", "http://127.0.0.1:" + port,
                "--wait", "120", "--out", out.toString()).redirectErrorStream(true);
        pb.environment().put("SHAKEDOWN_TOKEN", token);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.contains("✗ readiness"), "follows progress: " + output);
        assertTrue(output.contains("FAILED — "), output);
        assertTrue(output.contains("fix:  set target.port: 3000"), output);
        for (ReportFormat f : ReportFormat.values()) assertTrue(Files.exists(out.resolve(f.fileName())), f.fileName());
        ReportSchemas.assertValidJUnit(Files.readString(out.resolve("junit.xml")));
    }

    @Test
    void theServiceRefusesToStartWithAuthOnAndNoAdminToken() throws Exception {
        Path log = Files.createTempFile("shakedown-noadmin", ".log");
        Process p = ServiceProcessIT.launch(ServiceProcessIT.freePort(), "it-noadmin", log, Map.of());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it must exit");
        assertTrue(p.exitValue() != 0);
        assertTrue(Files.readString(log).contains("shakedown.auth.admin-token (env SHAKEDOWN_AUTH_ADMIN_TOKEN) is not set"), Files.readString(log));
    }

    static String get(String path, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
