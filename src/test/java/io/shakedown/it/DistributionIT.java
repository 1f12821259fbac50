package io.shakedown.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.ReportSchemas;
import io.shakedown.support.ExampleImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline step without a server, as a user meets it: the release distribution (scripts/build-dist.sh over the
 * packaged build), unpacked somewhere else, validates examples/hello-api; the GitHub Action's script in local mode
 * and the GitLab template's script run it against the real Docker engine, with GitHub's and GitLab's environments
 * simulated, for a PASSED and a FAILED app.
 */
class DistributionIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path tarball;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildTheDistribution() throws Exception {
        ExampleImages.ensureBuilt();
        var run = exec(List.of("bash", "scripts/build-dist.sh", "0.0.0-it"), Map.of(), Path.of("."));
        assertEquals(0, run.exit, run.output);
        tarball = Path.of(run.output.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(Files.size(tarball) > 1_000_000, "a distribution with the engine in it: " + tarball);
    }

    record Exec(int exit, String output) {}

    static Exec exec(List<String> command, Map<String, String> env, Path dir) throws Exception {
        var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "still running: " + command);
        return new Exec(p.exitValue(), output);
    }

    /** The release tarball unpacked under {@code home}, as a user does; returns its folder. */
    Path unpackedUnder(Path home) throws Exception {
        Files.createDirectories(home);
        assertEquals(0, exec(List.of("tar", "-xzf", tarball.toString(), "-C", home.toString()), Map.of(), home).exit);
        return home.resolve("shakedown-0.0.0-it");
    }

    @Test
    void theUnpackedDistributionValidatesHelloApiAwayFromTheCheckout() throws Exception {
        Path home = tmp.resolve("elsewhere");
        Path launcher = unpackedUnder(home).resolve("shakedown");
        assertTrue(Files.isExecutable(launcher));
        Path spec = Path.of("examples/hello-api/shakedown.yml").toAbsolutePath();
        var run = exec(List.of(launcher.toString(), "validate", spec.toString(), "--out", tmp.resolve("out").toString()), Map.of(), home);
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("PASSED"), run.output);
        assertEquals("PASSED", JSON.readTree(tmp.resolve("out/report.json").toFile()).get("verdict").asText());
        assertEquals("0.0.0-it", Files.readString(home.resolve("shakedown-0.0.0-it/VERSION")).strip());
    }

    /**
     * `shakedown aot-cache SPEC` (JDK 25+) trains on a small API inside its own JVM and on a real validation of SPEC, and
     * the next runs start from the cache it wrote; a jar newer than the cache (a rebuild) sends them back to the class-data archive.
     */
    @Test
    void theLauncherStartsFromTheAotCacheItsTrainingRunWrote() throws Exception {
        Path home = tmp.resolve("elsewhere");
        Path dist = unpackedUnder(home);
        Path launcher = dist.resolve("shakedown");
        var version = exec(List.of("bash", "-c", ". scripts/lib/java.sh; java_major \"$(pick_java_home)/bin/java\""), Map.of(), dist);
        Assumptions.assumeTrue(Integer.parseInt(version.output.strip()) >= 25, "an AOT cache needs a JDK 25: " + version.output);

        Path spec = Path.of("examples/hello-api/shakedown.yml").toAbsolutePath();
        var noSpec = exec(List.of(launcher.toString(), "aot-cache", "no-such-spec.yml"), Map.of(), home);
        assertEquals(2, noSpec.exit, noSpec.output);
        assertTrue(noSpec.output.contains("no spec file at no-such-spec.yml"), noSpec.output);
        // trained on a real validation too (the Docker path), as `aot-cache SPEC` documents
        var trained = exec(List.of(launcher.toString(), "aot-cache", spec.toString()), Map.of(), home);
        assertEquals(0, trained.exit, trained.output);
        assertTrue(trained.output.contains("shakedown aot-cache: trained on " + spec + " too (its run ended with exit code 0)"), trained.output);
        assertTrue(trained.output.contains("shakedown aot-cache: wrote"), trained.output);
        List<String> validate = List.of(launcher.toString(), "validate", spec.toString(), "--out", tmp.resolve("out").toString());
        var run = exec(validate, Map.of("SHAKEDOWN_JAVA_OPTS", "-Xlog:aot=info"), home);
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("Opened AOT cache"), "the run starts from the cache: " + run.output);
        assertTrue(run.output.contains("PASSED"), run.output);

        Path jar = Files.list(dist.resolve("target/quarkus-app/app")).findFirst().orElseThrow();
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        var stale = exec(validate, Map.of("SHAKEDOWN_JAVA_OPTS", "-Xlog:aot=info"), home);
        assertEquals(0, stale.exit, stale.output);
        assertTrue(!stale.output.contains("Opened AOT cache"), "a cache older than a jar is not used: " + stale.output);
    }

    @Test
    void theActionWithoutAServerPassesAndWritesSummaryOutputsAndEveryReport() throws Exception {
        ActionScript.Ran r = ActionScript.run(tmp, Map.of("SHAKEDOWN_DIST", tarball.toString(), "INPUT_SPEC", "examples/hello-api/shakedown.yml"));
        assertEquals(0, r.exit(), r.output());
        assertEquals("PASSED", r.outputs().get("verdict"), r.output());
        JsonNode report = JSON.readTree(tmp.resolve("reports/report.json").toFile());
        assertEquals(report.get("runId").asText(), r.outputs().get("run-id"));
        assertEquals(tmp.resolve("reports").toString(), r.outputs().get("reports"));
        assertTrue(r.summary().startsWith("## ✅ Shakedown PASSED — hello-api (ci)"), r.summary());
        for (ReportFormat f : ReportFormat.values()) assertTrue(Files.size(tmp.resolve("reports").resolve(f.fileName())) > 0, f.fileName());
        ReportSchemas.assertValidJUnit(Files.readString(tmp.resolve("reports/junit.xml")));
    }

    @Test
    void theActionWithoutAServerFailsOnABrokenImageAndTakesTheImageInput() throws Exception {
        // the repository's spec names the healthy image; the pipeline hands over the broken one it just built
        ActionScript.Ran r = ActionScript.run(tmp, Map.of("SHAKEDOWN_DIST", tarball.toString(),
                "INPUT_SPEC", "examples/broken/binds-localhost/shakedown.yml"));
        assertEquals(1, r.exit(), r.output());
        assertEquals("FAILED", r.outputs().get("verdict"), r.output());
        assertTrue(r.summary().startsWith("## ❌ Shakedown FAILED"), r.summary());
        assertTrue(r.summary().contains("LOOPBACK_ONLY"), r.summary());
        assertTrue(r.output().contains("::error title=Shakedown FAILED::"), r.output());

        Path spec = tmp.resolve("shakedown.yml");
        Files.writeString(spec, Files.readString(Path.of("examples/hello-api/shakedown.yml"))
                .replace("shakedown-example/hello-api:1.0", "shakedown-example/does-not-exist:9"));
        ActionScript.Ran overridden = ActionScript.run(tmp, Map.of("SHAKEDOWN_DIST", tarball.toString(),
                "INPUT_SPEC", spec.toString(), "INPUT_IMAGE", "shakedown-example/hello-api:1.0", "INPUT_FAIL_ON", "ERROR"));
        assertEquals(0, overridden.exit(), overridden.output());
        assertEquals("PASSED", overridden.outputs().get("verdict"), overridden.output());
    }

    @Test
    void theActionWithoutAServerPutsSpecProblemsOnTheirLines() throws Exception {
        Path spec = tmp.resolve("shakedown.yml");
        Files.writeString(spec, "app: typo\ntarget:\n  imgae: x:1\n  port: 8080\n");
        ActionScript.Ran r = ActionScript.run(tmp, Map.of("SHAKEDOWN_DIST", tarball.toString(), "INPUT_SPEC", spec.toString()));
        assertEquals(1, r.exit(), r.output());
        assertEquals("ERROR", r.outputs().get("verdict"));
        assertTrue(r.output().contains("::error file=" + spec + ",line=3,title=Invalid spec::target.imgae: unknown field"), r.output());
    }

    /** The job script of .gitlab/shakedown.gitlab-ci.yml, run with GitLab's predefined variables simulated. */
    Exec gitlabJob(Map<String, String> variables) throws Exception {
        JsonNode template = new YAMLMapper().readTree(Path.of(".gitlab/shakedown.gitlab-ci.yml").toFile()).get(".shakedown");
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("job.sh"), template.get("script").get(0).asText());
        var env = new HashMap<String, String>();
        template.get("variables").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        env.putAll(Map.of("CI", "true", "GITLAB_CI", "true", "CI_PROJECT_DIR", project.toString(), "CI_JOB_ID", "4711",
                "SHAKEDOWN_DIST", tarball.toString()));
        env.putAll(variables);
        return exec(List.of("bash", "job.sh"), env, project);
    }

    @Test
    void theGitLabTemplatesJobGatesOnTheVerdictAndLeavesItsReports() throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.copy(Path.of("examples/hello-api/shakedown.yml"), project.resolve("shakedown.yml"));
        Exec passed = gitlabJob(Map.of());
        assertEquals(0, passed.exit(), passed.output());
        assertTrue(passed.output().contains("Shakedown verdict: PASSED"), passed.output());
        assertTrue(passed.output().contains("Shakedown PASSED — hello-api (ci)"), "the summary in the job log: " + passed.output());
        ReportSchemas.assertValidJUnit(Files.readString(project.resolve("shakedown-reports/junit.xml")));
        assertEquals("SHAKEDOWN_VERDICT=PASSED", Files.readString(project.resolve("shakedown.env")).strip());

        Exec failed = gitlabJob(Map.of("SHAKEDOWN_IMAGE", "shakedown-example/binds-localhost:1.0"));
        assertEquals(1, failed.exit(), failed.output());
        assertTrue(failed.output().contains("Shakedown verdict: FAILED"), failed.output());
        assertEquals("SHAKEDOWN_VERDICT=FAILED", Files.readString(project.resolve("shakedown.env")).strip());

        Exec lenient = gitlabJob(Map.of("SHAKEDOWN_IMAGE", "shakedown-example/binds-localhost:1.0", "SHAKEDOWN_FAIL_ON", "ERROR"));
        assertEquals(0, lenient.exit(), lenient.output());
    }
}
