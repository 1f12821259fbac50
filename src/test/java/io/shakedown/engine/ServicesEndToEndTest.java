package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.run.RunListener;
import io.shakedown.spec.ServiceSpec;
import io.shakedown.spec.SpecParser;
import io.shakedown.target.DockerRuntime;
import io.shakedown.target.Labels;
import io.shakedown.support.NoContainerLeftBehind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backing services and init jobs on real containers (docs/spec.md#services): a real PostgreSQL (built offline from
 * Debian's packages, scripts/build-base-images.sh postgres) with a migration job and an app that reads what the job
 * wrote, compared A/B with a baseline image on the same network; a failing job; a service that never becomes ready;
 * race mode both ways; a cancel; the reaper. After every
 * test, no container and no network of the class's installation is left (NoContainerLeftBehind).
 */
class ServicesEndToEndTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("services-test");
    static final String POSTGRES = "postgres:15-bookworm";
    /** The PostgreSQL image without its server entrypoint: psql and busybox (httpd) for the app and the migration job. */
    static final String PG_CLIENT = "shakedown-test/pg-client-app:1.0";
    static final String BUSYBOX = "shakedown-base/busybox:local";
    static final String PASSWORD = "pg-Secret-4711";
    /** busybox's httpd serving /w, with a jar under /app (where the rules look for Spring Boot's). */
    static final String JAR_APP = "shakedown-test/jar-app:1.0";

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = Files.createTempDirectory("pg-client-app");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s
                ENTRYPOINT []
                # the app: reads the row count the migration job left, and serves it; exits when the database is not there
                CMD ["sh", "-c", "mkdir -p /tmp/www && psql -h \\"$DB_HOST\\" -p \\"$DB_PORT\\" -U postgres -tAc 'select count(*) from items' > /tmp/www/count && exec httpd -f -p 8080 -h /tmp/www"]
                """.formatted(POSTGRES));
        DOCKER.docker().streams.buildImageCmd(dir.toFile()).withTags(Set.of(PG_CLIENT)).exec(new BuildImageResultCallback()).awaitImageId();
        Path jarApp = Files.createTempDirectory("jar-app");
        Files.writeString(jarApp.resolve("Dockerfile"), """
                FROM %s
                RUN mkdir -p /app /w && echo ok > /w/index.html && echo not-a-spring-boot-jar > /app/app.jar
                CMD ["httpd", "-f", "-p", "8080", "-h", "/w"]
                """.formatted(BUSYBOX));
        DOCKER.docker().streams.buildImageCmd(jarApp.toFile()).withTags(Set.of(JAR_APP)).exec(new BuildImageResultCallback()).awaitImageId();
        // examples/redis-app and its Redis (built offline from Debian's redis-server when missing)
        Process p = new ProcessBuilder("bash", "scripts/build-examples.sh", "redis-app").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("scripts/build-examples.sh redis-app failed:\n" + out);
    }

    private static Report redisExample(String specFile, Map<String, String> secrets) throws Exception {
        return run(Files.readString(Path.of("examples/redis-app", specFile)), secrets);
    }

    @Test
    void anAppWithRedisAsAServicePasses() throws Exception {
        Report r = redisExample("shakedown.yml", Map.of("REDIS_PASSWORD", PASSWORD));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary() + "\n" + r.log());
        var cache = r.dependencies().services().getFirst();
        assertEquals("redis:7-bookworm", cache.image());
        assertEquals(StageStatus.PASSED, cache.status());
        assertTrue(r.log().lines().contains("connected to Redis at cache:6379"), r.log().lines().toString());
        assertFalse(r.toString().contains(PASSWORD), "the password is masked everywhere, the service's command too");
    }

    @Test
    void composeHealthcheckCommandsRunInsideTheServicesAsTheirReadiness() throws Exception {
        // marker never listens on its port: only its healthcheck (a file it writes after 2 s, on its entrypoint, and its
        // tmpfs mounted) can make it ready
        Path dir = Files.createTempDirectory("compose-healthcheck");
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  app:
                    image: shakedown-example/redis-app:1.0
                    environment: { REDIS_HOST: cache }
                    ports: [ "8080" ]
                  cache:
                    image: redis:7-bookworm
                    healthcheck: { test: [ "CMD", "redis-cli", "ping" ], interval: 30s }
                  marker:
                    image: %s
                    entrypoint: [ sh, -c ]
                    command: [ "sleep 2; touch /tmp/ready; exec sleep 60" ]
                    tmpfs: /scratch
                    expose: [ "9999" ]
                    healthcheck: { test: "test -f /tmp/ready && grep -q ' /scratch tmpfs ' /proc/mounts" }
                """.formatted(BUSYBOX));
        Report r = DOCKER.run(new SpecParser().parse("""
                app: redis-app
                compose: { file: compose.yaml, service: app }
                readiness: { http: { path: /health } }
                """, io.shakedown.spec.SpecFiles.folder(dir)), RunListener.NONE, Map.of());
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        for (var service : r.dependencies().services()) {
            assertEquals("healthcheck", service.strategies().getFirst().strategy(), service.toString());
            assertTrue(service.strategies().getFirst().ready(), service.toString());
        }
        var marker = r.dependencies().services().stream().filter(s -> s.name().equals("marker")).findFirst().orElseThrow();
        assertTrue(marker.readyMs() >= 1900, "ready only once its healthcheck command passed: " + marker.readyMs() + " ms");
    }

    @Test
    void anAppThatReachesRedisOnLocalhostFailsNamingTheService() throws Exception {
        Report r = redisExample("redis-localhost.yml", Map.of());
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var d = r.readiness().diagnosis();
        assertEquals(io.shakedown.report.DiagnosisKind.DEPENDENCY_ON_LOCALHOST, d.kind(), d.toString());
        assertEquals("the app connects to localhost:6379 inside its container, where nothing serves it; your Redis is the service `cache`"
                + " — point the host at cache", d.summary());
        assertTrue(d.evidence().getFirst().contains("Could not connect to Redis at localhost:6379: Connection refused"), d.evidence().toString());
    }

    @Test
    void anAppWithTheWrongRedisPasswordFailsNamingTheSettings() throws Exception {
        Report r = redisExample("wrong-password.yml", Map.of("REDIS_PASSWORD", PASSWORD));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var d = r.readiness().diagnosis();
        assertEquals(io.shakedown.report.DiagnosisKind.DEPENDENCY_AUTH_FAILED, d.kind(), d.toString());
        assertEquals("`cache` refused the app's login: the password it sent is wrong (WRONGPASS)", d.summary());
        assertTrue(d.hint().contains("REDIS_PASSWORD in target.env") && d.hint().contains("--requirepass in services.cache.command"), d.hint());
        assertFalse(r.toString().contains(PASSWORD), "the secret is masked");
        assertFalse(d.hint().contains("not-the-password"), "settings are named, never their values");
    }

    private static Report run(String yaml, Map<String, String> secrets) throws Exception {
        return DOCKER.run(new SpecParser().parse(yaml), RunListener.NONE, secrets);
    }

    @Test
    void appWithItsDatabaseAndAMigrationJobPasses() throws Exception {
        Report r = run("""
                app: items
                secrets: [DB_PASSWORD]
                target:
                  image: %s
                  port: 8080
                  env: { DB_HOST: "${services.db.host}", DB_PORT: "${services.db.port}", PGPASSWORD: "${secrets.DB_PASSWORD}" }
                readiness: { http: { path: /count } }
                services:
                  db:
                    image: %s
                    port: 5432
                    env: { POSTGRES_PASSWORD: "${secrets.DB_PASSWORD}" }
                    resources: { memory: 256m }
                jobs:
                  - name: migrate
                    command: [ sh, -c, "echo migrating as postgres/$PGPASSWORD; psql -h ${services.db.host} -U postgres -c 'create table items(x int); insert into items values (1), (2)'" ]
                    env: { PGPASSWORD: "${secrets.DB_PASSWORD}" }
                    timeout: 60s
                checks:
                  - name: rows written by the job
                    request: { path: /count }
                    expect: { body: { matches: "^2\\\\s*$" } }
                performance:
                  scenarios:
                    - name: count
                      requests: [ { request: { path: /count } } ]
                      load: { rate: 5/s, duration: 1s }
                      samples: 1
                      thresholds: { errorRate: 0%% }
                  baseline: { image: %s }
                """.formatted(PG_CLIENT, POSTGRES, PG_CLIENT), Map.of("DB_PASSWORD", PASSWORD));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary() + "\n" + r.stages());
        assertEquals(List.of("image", "create", "services", "jobs", "start", "readiness", "checks", "performance"),
                r.stages().stream().map(Report.Stage::name).filter(n -> !n.equals("rules") && !n.equals("cleanup") && !n.equals("assets")).toList());
        var db = r.dependencies().services().getFirst();
        assertEquals("db", db.name());
        assertEquals(StageStatus.PASSED, db.status());
        assertNotNull(db.readyMs());
        assertTrue(db.log().lines().stream().anyMatch(l -> l.contains("initialised")), db.log().lines().toString());
        var job = r.dependencies().jobs().getFirst();
        assertEquals(StageStatus.PASSED, job.status());
        assertEquals(0L, job.exitCode());
        assertEquals(PG_CLIENT, job.image(), "a job runs the target's image by default");
        assertTrue(job.log().lines().stream().anyMatch(l -> l.contains("migrating as postgres/***")), "secret masked in the job's log: " + job.log().lines());
        assertFalse(r.toString().contains(PASSWORD), "the secret appears nowhere in the report");
        // A/B: the baseline was brought up by the same stages as the app — env resolved (the db's address, the
        // secret) and on the run's network beside its database — so it answered what the job wrote, without errors
        var scenario = r.performance().scenarios().getFirst();
        assertEquals("image", scenario.baseline().source(), scenario.toString());
        assertEquals(1, scenario.pairs().size(), scenario.toString());
        var pair = scenario.pairs().getFirst();
        assertTrue(pair.baseline().count() > 0 && pair.baseline().errors() == 0, "the baseline served /count: " + pair);
    }

    @Test
    void aFailingJobFailsTheRunNamingItAndTheAppIsNotStarted() throws Exception {
        Report r = run("""
                app: items
                target: { image: %s, port: 8080 }
                jobs:
                  - name: migrate
                    image: %s
                    command: [ sh, -c, "echo applying V1__init; echo applying V2__add_price; echo 'ERROR: column \\"prize\\" does not exist' >&2; echo rolled back; exit 3" ]
                """.formatted(BUSYBOX, BUSYBOX), Map.of());
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertTrue(r.summary().startsWith("job migrate exited with code 3"), r.summary());
        assertTrue(r.summary().contains("ERROR: column \"prize\" does not exist"), "the decisive line: " + r.summary());
        var job = r.dependencies().jobs().getFirst();
        assertEquals(StageStatus.FAILED, job.status());
        assertEquals(3L, job.exitCode());
        assertTrue(job.log().lines().contains("applying V2__add_price"), job.log().lines().toString());
        assertTrue(r.stages().stream().noneMatch(s -> s.name().equals("start")), "the app is not started: " + r.stages());
        // its container was created (not started) before the services; NoContainerLeftBehind checks it is gone
    }

    @Test
    void aServiceThatNeverBecomesReadyIsAnErrorNamingItWithItsLogTail() throws Exception {
        Report r = run("""
                app: items
                target: { image: %s, port: 8080 }
                services:
                  db:
                    image: %s
                    port: 5432
                    command: [ sh, -c, "echo starting the database; echo 'FATAL: data directory has wrong ownership'; sleep 60" ]
                    startupTimeout: 3s
                """.formatted(BUSYBOX, BUSYBOX), Map.of());
        assertEquals(Verdict.ERROR, r.verdict(), r.summary());
        assertTrue(r.summary().startsWith("service db (" + BUSYBOX + ") was not ready within 3s"), r.summary());
        assertTrue(r.summary().contains("FATAL: data directory has wrong ownership"), r.summary());
        assertTrue(r.summary().contains("Not the app's fault"), r.summary());
        var db = r.dependencies().services().getFirst();
        assertEquals(StageStatus.FAILED, db.status());
        assertEquals("port", db.strategies().getFirst().strategy());
        assertEquals(List.of("image", "create", "services", "cleanup"), r.stages().stream().map(Report.Stage::name).toList(),
                "the app's container was created, never started, and removed (NoContainerLeftBehind checks it is gone)");
    }

    @Test
    void theAppsImageIsReadForTheRulesWhileItsServicesStartBeforeTheAppRuns() throws Exception {
        // the rules read the image (docker cp: Docker's archive-path event) of the created app container while its
        // service takes 2 s to become ready: that read no longer takes CPU from the app's own start
        var spec = new SpecParser().parse("""
                app: reader
                target: { image: %s, port: 8080 }
                readiness: { http: { path: /index.html } }
                services:
                  db: { image: %s, port: 5432, command: [ sh, -c, "sleep 2; echo db up; exec sleep 60" ], readiness: { log: { pattern: "db up" } } }
                """.formatted(JAR_APP, BUSYBOX));
        String runId = UUID.randomUUID().toString();
        var events = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (var watch = DOCKER.docker().streams.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                .withLabelFilter(Map.of(Labels.RUN_ID, runId))
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) {
                        events.add(e.getActor().getAttributes().get(Labels.ROLE) + " " + e.getAction());
                    }
                })) {
            Report r = DOCKER.engine().run(spec, new RunContext(runId, RunListener.NONE, new Cancellation(), Map.of()));
            assertEquals(Verdict.PASSED, r.verdict(), r.summary());
            for (int i = 0; i < 50 && !events.contains("target destroy"); i++) Thread.sleep(100); // events arrive a little late
        }
        int read = events.indexOf("target archive-path");
        int appStarted = events.indexOf("target start");
        int serviceStarted = events.indexOf("service start");
        assertTrue(read >= 0 && appStarted >= 0 && serviceStarted >= 0, events.toString());
        assertTrue(events.indexOf("target create") < serviceStarted, "the app's container exists before its service starts: " + events);
        assertTrue(read < appStarted, "the image was read before the app started: " + events);
    }

    /**
     * PostgreSQL (a few seconds of initdb before it accepts connections) and an app started at the same time that needs
     * it. (pg_isready, not busybox's wget: a static busybox cannot resolve a service's name.)
     */
    private static String race(String appScript) {
        return """
                app: racer
                target:
                  image: %s
                  port: 8080
                  waitForServices: false
                  command: [ sh, -c, "%s; mkdir -p /w; echo ok > /w/index.html; exec httpd -f -p 8080 -h /w" ]
                  startupTimeout: 30s
                readiness: { http: { path: /index.html } }
                services:
                  db: { image: %s, port: 5432, env: { POSTGRES_PASSWORD: pw } }
                """.formatted(PG_CLIENT, appScript, POSTGRES);
    }

    @Test
    void raceModeAnAppThatRetriesPasses() throws Exception {
        Report r = run(race("until pg_isready -q -h db; do echo db not ready, retrying; sleep 0.2; done"), Map.of());
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertTrue(r.dependencies().race());
        assertTrue(r.dependencies().raceOutcome().contains("the app still became ready: it waited or retried"), r.dependencies().raceOutcome());
        assertTrue(r.log().lines().stream().anyMatch(l -> l.contains("retrying")), "it really started before the db: " + r.log().lines());
    }

    @Test
    void raceModeAnAppThatDoesNotRetryFails() throws Exception {
        Report r = run(race("pg_isready -q -h db || { echo FATAL: connection to db:5432 refused; exit 1; }"), Map.of());
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        assertTrue(r.dependencies().raceOutcome().contains("the app exited with code 1"), r.dependencies().raceOutcome());
        assertTrue(r.dependencies().raceOutcome().contains("it did not wait or retry"), r.dependencies().raceOutcome());
        assertEquals(StageStatus.PASSED, r.dependencies().services().getFirst().status(), "the service itself was fine");
    }

    @Test
    void aCancelDuringAJobRemovesEverything() throws Exception {
        var spec = new SpecParser().parse("""
                app: items
                target: { image: %s, port: 8080 }
                services:
                  cache: { image: %s, port: 6379, command: [ sh, -c, "echo cache up; exec sleep 60" ], readiness: { log: { pattern: "cache up" } } }
                jobs:
                  - { name: slow, command: [ sh, -c, "echo started; sleep 60" ] }
                """.formatted(BUSYBOX, BUSYBOX));
        var cancellation = new Cancellation();
        RunListener cancelOnJobStart = e -> {
            if ("stage-started".equals(e.type()) && "jobs".equals(e.stage())) {
                CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    cancellation.cancel();
                });
            }
        };
        long t0 = System.nanoTime();
        Report r = DOCKER.engine().run(spec, new RunContext(UUID.randomUUID().toString(), cancelOnJobStart, cancellation, Map.of()));
        assertEquals(Verdict.CANCELLED, r.verdict(), r.summary());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 30, "the cancel did not wait for the job");
        assertEquals(StageStatus.CANCELLED, r.dependencies().jobs().getFirst().status());
        // NoContainerLeftBehind then checks that the service, the job and the network are gone
    }

    @Test
    void aServiceKilledMidRunEndsTheRunAsAnErrorNamingItAndLeavesNothing() throws Exception {
        // the app's database dies (SIGKILL, as the OOM killer of a node or `docker kill` would) while the app is starting
        var spec = new SpecParser().parse("""
                app: items
                target:
                  image: %s
                  port: 8080
                  command: [ sh, -c, "sleep 5; mkdir -p /w; echo ok > /w/index.html; exec httpd -f -p 8080 -h /w" ]
                  startupTimeout: 30s
                readiness: { http: { path: /index.html } }
                services:
                  db: { image: %s, port: 5432, command: [ sh, -c, "echo db up; exec sleep 60" ], readiness: { log: { pattern: "db up" } } }
                """.formatted(BUSYBOX, BUSYBOX));
        String runId = UUID.randomUUID().toString();
        RunListener killDbWhenTheAppStarts = e -> {
            if ("stage-started".equals(e.type()) && "readiness".equals(e.stage())) {
                String db = dockerCli("ps", "-q", "--filter", "label=" + Labels.RUN_ID + "=" + runId, "--filter", "label=" + Labels.NAME + "=db").getFirst();
                dockerCli("kill", "--signal", "KILL", db);
            }
        };
        Report r = DOCKER.engine().run(spec, new RunContext(runId, killDbWhenTheAppStarts, new Cancellation(), Map.of()));
        assertEquals(Verdict.ERROR, r.verdict(), r.summary());
        assertTrue(r.summary().startsWith("service db (" + BUSYBOX + ") stopped during the readiness stage"), r.summary());
        assertTrue(r.summary().contains("killed (exit code 137: SIGKILL"), r.summary());
        assertTrue(r.summary().contains("its log ends: db up"), r.summary());
        var db = r.dependencies().services().getFirst();
        assertEquals(StageStatus.FAILED, db.status());
        assertNotNull(db.readyMs(), "it had been ready");
        assertTrue(db.failure().startsWith("stopped during the readiness stage"), db.failure());
        // the reaper's view: nothing of the run is left (NoContainerLeftBehind checks the whole installation too)
        assertEquals(List.of(), dockerCli("ps", "-a", "-q", "--filter", "label=" + Labels.RUN_ID + "=" + runId));
        assertEquals(List.of(), dockerCli("network", "ls", "-q", "--filter", "label=" + Labels.RUN_ID + "=" + runId));
    }

    @Test
    void theReaperRemovesADeadRunsServicesAndNetwork() throws Exception {
        // a replica that died mid-run: its service containers (one of them SIGKILLed: exited, not removed) and its
        // network are left, labelled with a run no one runs
        try (var runtime = new DockerRuntime(DOCKER.settings())) {
            var ctx = new RunContext("dead-" + UUID.randomUUID(), RunListener.NONE, new Cancellation(), Map.of());
            var environment = runtime.environment("items", ctx);
            var cache = environment.createService("cache", new ServiceSpec(BUSYBOX, 6379, Map.of(), List.of("sleep", "60"), null, null, null, null, null, null));
            cache.start();
            var db = environment.createService("db", new ServiceSpec(BUSYBOX, 5432, Map.of(), List.of("sleep", "60"), null, null, null, null, null, null));
            db.start();
            dockerCli("kill", "--signal", "KILL", ((io.shakedown.target.ContainerTarget) db).containerId());
            // the app's container is created before the services start: a replica that dies then leaves it created, never started
            var target = new SpecParser().parse("app: items\ntarget: { image: " + BUSYBOX + ", port: 8080 }").target();
            runtime.create("items", target, runtime.prepare(target), ctx, environment);
            var ofTheRun = "label=" + Labels.RUN_ID + "=" + ctx.runId();
            assertEquals(3, dockerCli("ps", "-a", "-q", "--filter", ofTheRun).size());
            assertEquals(1, dockerCli("network", "ls", "-q", "--filter", ofTheRun).size());
            assertEquals(0, runtime.reap(ctx.runId()::equals), "a live run's environment is not touched");
            assertEquals(4, runtime.reap(id -> false), "its containers (the killed one, the app's never started) and its network");
            assertEquals(List.of(), dockerCli("ps", "-a", "-q", "--filter", ofTheRun));
            assertEquals(List.of(), dockerCli("network", "ls", "-q", "--filter", ofTheRun));
        }
    }

    /** The docker command line, as a user checking for leftovers would run it: its output's non-blank lines. */
    private static List<String> dockerCli(String... args) {
        try {
            var command = new java.util.ArrayList<>(List.of("docker"));
            command.addAll(List.of(args));
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), "docker " + String.join(" ", args) + ": " + out);
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
