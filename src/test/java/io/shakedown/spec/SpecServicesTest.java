package io.shakedown.spec;

import static io.shakedown.spec.SpecTestSupport.errors;
import static io.shakedown.spec.SpecTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shakedown.document.DocumentError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** services:, jobs: and race mode in the spec: what is accepted with its defaults, and what is refused where. */
class SpecServicesTest {

    private static final String SPEC = """
            app: shop
            secrets: [DB_PASSWORD]
            target:
              image: shop:1
              port: 8080
              env:
                DATABASE_URL: "postgres://app:${secrets.DB_PASSWORD}@${services.db.host}:${services.db.port}/shop"
            services:
              db:
                image: postgres:15-bookworm
                port: 5432
                env: { POSTGRES_PASSWORD: "${secrets.DB_PASSWORD}", POSTGRES_PORT: 5432 }
                resources: { memory: 256m, cpus: 0.5 }
                readiness: { log: { pattern: "ready to accept connections" } }
                startupTimeout: 90s
              cache:
                image: redis:7
                port: 6379
            jobs:
              - name: migrate
                command: [ "./migrate", "--host", "${services.db.host}" ]
                env: { PGPASSWORD: "${secrets.DB_PASSWORD}" }
                timeout: 30s
              - name: seed
                image: seed:1
                command: [ seed ]
            """;

    @Test
    void servicesAndJobsBindWithTheirDefaults() {
        ValidationSpec spec = parse(SPEC);
        assertEquals(List.of("db", "cache"), List.copyOf(spec.services().keySet()), "services keep the order written");
        ServiceSpec db = spec.services().get("db");
        assertEquals("postgres:15-bookworm", db.image());
        assertEquals(5432, db.port());
        assertEquals("5432", db.env().get("POSTGRES_PORT"), "numbers become their text");
        assertEquals(256L * 1024 * 1024, db.resources().memoryBytes());
        assertEquals(Duration.ofSeconds(90), db.startupTimeout());
        assertTrue(db.readiness().strategies().getFirst() instanceof ReadinessSpec.Log);
        ServiceSpec cache = spec.services().get("cache");
        assertEquals(List.of(new ReadinessSpec.Port()), cache.readiness().strategies(), "default readiness: port");
        assertEquals(TargetSpec.DEFAULT_STARTUP_TIMEOUT, cache.startupTimeout());
        assertEquals(List.of("migrate", "seed"), spec.jobs().stream().map(JobSpec::name).toList());
        assertEquals(null, spec.jobs().getFirst().image(), "default: the target's own image");
        assertEquals(Duration.ofSeconds(30), spec.jobs().getFirst().timeout());
        assertEquals(JobSpec.DEFAULT_TIMEOUT, spec.jobs().get(1).timeout());
        assertFalse(spec.target().racesServices(), "the app waits for its services by default");
        assertTrue(spec.hasEnvironment());
        assertFalse(parse("app: a\ntarget: { image: a, port: 1 }\n").hasEnvironment());
    }

    @Test
    void templatesResolveToTheServiceNameAndPortAndTheSecret() {
        ValidationSpec spec = parse(SPEC);
        Map<String, String> env = EnvTemplates.resolve(spec.target().env(), Map.of("DB_PASSWORD", "s3cret"), spec.services());
        assertEquals("postgres://app:s3cret@db:5432/shop", env.get("DATABASE_URL"));
        assertEquals(List.of("./migrate", "--host", "db"), EnvTemplates.resolve(spec.jobs().getFirst().command(), Map.of(), spec.services()));
        assertEquals("literal ${x}", EnvTemplates.resolve("literal $${x}", Map.of(), spec.services()));
    }

    @Test
    void aServiceHealthCheckCommandIsItsReadiness() {
        var spec = parse("""
                app: a
                target: { image: a, port: 1 }
                services:
                  db: { image: postgres:15-bookworm, port: 5432, readiness: { healthcheck: { test: "pg_isready -q" } } }
                  cache: { image: redis:7, port: 6379, readiness: { healthcheck: { test: [CMD, redis-cli, ping], interval: 200ms } },
                           entrypoint: [ redis-server ], tmpfs: [ "/data:size=16m" ] }
                """);
        assertEquals(new ReadinessSpec.Healthcheck(List.of("CMD-SHELL", "pg_isready -q"), java.time.Duration.ofMillis(500)),
                spec.services().get("db").readiness().strategies().getFirst(), "a text is a shell command line; 500ms by default");
        assertEquals(new ReadinessSpec.Healthcheck(List.of("CMD", "redis-cli", "ping"), java.time.Duration.ofMillis(200)),
                spec.services().get("cache").readiness().strategies().getFirst());
        assertEquals(List.of("redis-server"), spec.services().get("cache").entrypoint());
        assertEquals(List.of("/data:size=16m"), spec.services().get("cache").tmpfs());
        assertEquals(null, spec.services().get("db").entrypoint(), "the image's own ENTRYPOINT by default");
    }

    @Test
    void raceModeIsOptIn() {
        ValidationSpec spec = parse("""
                app: a
                target: { image: a, port: 1, waitForServices: false }
                services:
                  db: { image: postgres:15-bookworm, port: 5432 }
                """);
        assertTrue(spec.target().racesServices());
    }

    static Stream<Arguments> refused() {
        String head = "app: a\ntarget: { image: a, port: 1 }\n";
        return Stream.of(
                a("service without port", head + "services:\n  db: { image: p }\n", "services.db.port", 4, "the service's main port"),
                a("service name not a host name", head + "services:\n  DB_1: { image: p, port: 1 }\n", "services.DB_1", 4, "not a valid service name"),
                a("service typo", head + "services:\n  db: { image: p, port: 1, startuptimeout: 5s }\n", "services.db.startuptimeout", 4, "did you mean \"startupTimeout\"?"),
                a("service timeout too long", head + "services:\n  db: { image: p, port: 1, startupTimeout: 2h }\n", "services.db.startupTimeout", 4, "must be between 1s and 30m"),
                a("service log regex", head + "services:\n  db:\n    image: p\n    port: 1\n    readiness: { log: { pattern: \"(\" } }\n",
                        "services.db.readiness.log.pattern", 7, "not a valid regular expression"),
                a("unknown service in target env", "app: a\ntarget:\n  image: a\n  port: 1\n  env: { H: \"${services.bd.host}\" }\nservices:\n  db: { image: p, port: 1 }\n",
                        "target.env.H", 5, "no service \"bd\"; did you mean \"db\"?"),
                a("undeclared secret in service env", head + "services:\n  db:\n    image: p\n    port: 1\n    env: { P: \"${secrets.PW}\" }\n",
                        "services.db.env.P", 7, "\"PW\" is not declared under secrets"),
                a("service field other than host/port", head + "services:\n  db:\n    image: p\n    port: 1\n    env: { P: \"${services.db.url}\" }\n",
                        "services.db.env.P", 7, "${services.NAME.host} or ${services.NAME.port}"),
                a("generator in env", "app: a\ntarget:\n  image: a\n  port: 1\n  env: { ID: \"${uuid}\" }\n", "target.env.ID", 5, "env and command may use only"),
                a("service address in a check", head + "services:\n  db: { image: p, port: 1 }\nchecks:\n  - name: c\n    request: { path: \"/${services.db.host}\" }\n    expect: { status: 200 }\n",
                        "checks[0].request.path", 7, "a service address is for env and command"),
                a("services with a url target", "app: a\ntarget: { url: \"http://example.com\" }\nservices:\n  db: { image: p, port: 1 }\n",
                        "services", 3, "not allowed with a url target"),
                a("jobs with a url target", "app: a\ntarget: { url: \"http://example.com\" }\njobs:\n  - { name: m, command: [x] }\n",
                        "jobs", 3, "not allowed with a url target"),
                a("job without command", head + "jobs:\n  - { name: m }\n", "jobs[0].command", 4, "what the job runs"),
                a("duplicate job name", head + "jobs:\n  - { name: m, command: [x] }\n  - { name: m, command: [y] }\n", "jobs[1].name", 5, "duplicate job name \"m\""),
                a("jobs in race mode", "app: a\ntarget: { image: a, port: 1, waitForServices: false }\nservices:\n  db: { image: p, port: 1 }\njobs:\n  - { name: m, command: [x] }\n",
                        "jobs", 5, "not allowed in race mode"),
                a("race mode without services", "app: a\ntarget:\n  image: a\n  port: 1\n  waitForServices: false\n", "target.waitForServices", 5, "needs services to race with"),
                a("health check command for the app", "app: a\ntarget: { image: a, port: 1 }\nreadiness:\n  healthcheck: { test: [CMD, \"true\"] }\n",
                        "readiness.healthcheck.test", 4, "a health check command is for services"),
                a("health check test not CMD", head + "services:\n  db:\n    image: p\n    port: 1\n    readiness: { healthcheck: { test: [pg_isready, -q] } }\n",
                        "services.db.readiness.healthcheck.test[0]", 7, "must be one of CMD, CMD-SHELL, got \"pg_isready\""),
                a("tmpfs not absolute", head + "services:\n  db:\n    image: p\n    port: 1\n    tmpfs: [ run ]\n",
                        "services.db.tmpfs[0]", 7, "must be an absolute path"),
                a("tmpfs size that is not a size", head + "services:\n  db:\n    image: p\n    port: 1\n    tmpfs: [ \"/run:mode=1777,size=50%\" ]\n",
                        "services.db.tmpfs[0]", 7, "size must be a size like 64m or 1g"),
                a("waitForServices with a url target", "app: a\ntarget: { url: \"http://example.com\", waitForServices: false }\n", "target.waitForServices", 2, "not allowed with a url target"));
    }

    private static Arguments a(String name, String yaml, String path, Integer line, String fragment) {
        return Arguments.of(name, yaml, path, line, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesNamingTheFieldAndLine(String name, String yaml, String path, Integer line, String fragment) {
        List<DocumentError> errors = errors(yaml);
        DocumentError error = errors.stream().filter(e -> e.path().equals(path)).findFirst()
                .orElseGet(() -> fail("no error at '" + path + "' in: " + errors));
        assertEquals(line, error.line(), () -> "line of " + error);
        assertTrue(error.message().contains(fragment), () -> "expected '" + fragment + "' in: " + error);
    }
}
