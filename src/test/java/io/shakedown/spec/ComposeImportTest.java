package io.shakedown.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compose files into services, jobs and the target: what is honoured, what wins, and each refusal with its line. */
class ComposeImportTest {

    record Expanded(ObjectNode spec, List<DocumentError> errors) {}

    static Expanded expand(String spec, Map<String, String> files) {
        var doc = DocumentReader.read(spec);
        ObjectNode root = (ObjectNode) doc.root();
        return new Expanded(root, ComposeImport.expand(root, doc.lines(), SpecFiles.of(files)));
    }

    static final String COMPOSE = """
            name: shop
            x-common: &common
              restart: unless-stopped
            services:
              app:
                build: .
                image: shop/app:dev
                environment:
                  DB_HOST: db
                  DB_PASSWORD: ${DB_PASSWORD:-secret}
                  GREETING: from-compose
                ports: ["8081:8080"]
                depends_on:
                  db: { condition: service_healthy }
                  migrate: { condition: service_completed_successfully }
              db:
                <<: *common
                image: postgres:15-bookworm
                env_file: db.env
                environment: [ "POSTGRES_DB=shop" ]
                volumes: [ "pgdata:/var/lib/postgresql/data" ]
                healthcheck:
                  test: ["CMD", "pg_isready", "-U", "app"]
                  interval: 5s
                  retries: 20
                  start_period: 10s
                deploy: { resources: { limits: { memory: 256M, cpus: "0.5" } } }
              migrate:
                image: shop/app:dev
                command: java -jar /app/app.jar --migrate-only "--spring.main.web-application-type=none"
                environment:
                  DB_HOST: db
              cache:
                image: redis:7
                profiles: [debug]
            volumes:
              pgdata: {}
            """;

    @Test
    void servicesJobsAndTheTargetComeFromTheComposeFile() {
        var e = expand("""
                app: shop
                compose: { file: deploy/compose.yaml, service: app }
                target:
                  image: shop/app:1.4.2
                  env: { GREETING: from-spec }
                """, Map.of("deploy/compose.yaml", COMPOSE, "deploy/db.env", "# db\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD='secret'\n"));
        assertEquals(List.of(), e.errors());
        var s = e.spec();
        assertTrue(!s.has("compose"));
        assertEquals("shop/app:1.4.2", s.at("/target/image").asText(), "the spec's image (the one the pipeline built) wins");
        assertEquals(8080, s.at("/target/port").asInt(), "the container side of ports");
        assertEquals("from-spec", s.at("/target/env/GREETING").asText());
        assertEquals("secret", s.at("/target/env/DB_PASSWORD").asText(), "${VAR:-default}");
        assertEquals("db", s.at("/target/env/DB_HOST").asText());
        assertEquals("postgres:15-bookworm", s.at("/services/db/image").asText());
        assertEquals(5432, s.at("/services/db/port").asInt(), "postgres' well-known port");
        assertEquals("app", s.at("/services/db/env/POSTGRES_USER").asText());
        assertEquals("secret", s.at("/services/db/env/POSTGRES_PASSWORD").asText());
        assertEquals("shop", s.at("/services/db/env/POSTGRES_DB").asText());
        assertEquals("256m", s.at("/services/db/resources/memory").asText());
        assertEquals(0.5, s.at("/services/db/resources/cpus").asDouble());
        assertEquals("110s", s.at("/services/db/startupTimeout").asText(), "start_period + interval x retries");
        assertEquals(List.of("CMD", "pg_isready", "-U", "app"), iterable(s.at("/services/db/readiness/healthcheck/test")),
                "the healthcheck's command is the service's readiness, run in its container");
        assertEquals("migrate", s.at("/jobs/0/name").asText(), "service_completed_successfully makes a job");
        assertEquals(List.of("java", "-jar", "/app/app.jar", "--migrate-only", "--spring.main.web-application-type=none"),
                iterable(s.at("/jobs/0/command")));
        assertTrue(!s.at("/services").has("cache"), "a service with profiles is not started by default");
        assertTrue(!s.at("/services").has("migrate") && !s.at("/services").has("app"));
    }

    @Test
    void aHealthcheckTestAsTextIsAShellCommandAndNoneOrDisableLeaveThePortReadiness() {
        var e = expand("compose: { file: compose.yaml, service: app }\ntarget: { image: shop/app:1.0, port: 8080 }\n", Map.of("compose.yaml", """
                services:
                  app: { image: shop/app:dev }
                  cache: { image: redis:7, healthcheck: { test: "redis-cli -a $${PW} ping | grep PONG" } }
                  off: { image: redis:7, healthcheck: { test: ["NONE"] } }
                  disabled: { image: redis:7, healthcheck: { test: ["CMD", "true"], disable: true } }
                  odd: { image: redis:7, healthcheck: { test: ["redis-cli", "ping"] } }
                """));
        assertEquals(List.of(new DocumentError("compose.yaml: services.odd.healthcheck.test",
                "must be a command line, or a list starting with CMD or CMD-SHELL (or NONE) and then the command", 6)), e.errors());
        var ok = expand("compose: { file: compose.yaml, service: app }\ntarget: { image: shop/app:1.0, port: 8080 }\n", Map.of("compose.yaml", """
                services:
                  app: { image: shop/app:dev }
                  cache: { image: redis:7, healthcheck: { test: "redis-cli -a $${PW} ping | grep PONG" } }
                  off: { image: redis:7, healthcheck: { test: ["NONE"] } }
                  disabled: { image: redis:7, healthcheck: { test: ["CMD", "true"], disable: true } }
                """));
        assertEquals(List.of(), ok.errors());
        assertEquals(List.of("CMD-SHELL", "redis-cli -a ${PW} ping | grep PONG"), iterable(ok.spec().at("/services/cache/readiness/healthcheck/test")));
        assertTrue(ok.spec().at("/services/off/readiness").isMissingNode() && ok.spec().at("/services/disabled/readiness").isMissingNode());
    }

    @Test
    void entrypointAndTmpfsOfAServiceAreHonouredAndRefusedForTheServiceUnderTest() {
        var ok = expand("compose: { file: compose.yaml, service: app }\ntarget: { image: shop/app:1.0, port: 8080 }\n", Map.of("compose.yaml", """
                services:
                  app: { image: shop/app:dev }
                  cache: { image: redis:7, entrypoint: "redis-server --appendonly no", tmpfs: /data }
                  db: { image: postgres:15, entrypoint: [ docker-entrypoint.sh ], tmpfs: [ "/run:size=16m", /tmp ] }
                """));
        assertEquals(List.of(), ok.errors());
        assertEquals(List.of("redis-server", "--appendonly", "no"), iterable(ok.spec().at("/services/cache/entrypoint")));
        assertEquals(List.of("/data"), iterable(ok.spec().at("/services/cache/tmpfs")));
        assertEquals(List.of("docker-entrypoint.sh"), iterable(ok.spec().at("/services/db/entrypoint")));
        assertEquals(List.of("/run:size=16m", "/tmp"), iterable(ok.spec().at("/services/db/tmpfs")));
        var refused = expand("compose: { file: compose.yaml, service: app }\ntarget: { image: shop/app:1.0, port: 8080 }\n", Map.of("compose.yaml", """
                services:
                  app: { image: shop/app:dev, entrypoint: [ sh ] }
                """));
        assertEquals("compose.yaml: services.app.entrypoint", refused.errors().getFirst().path());
        assertTrue(refused.errors().getFirst().message().startsWith("the service under test runs as its image was built"), refused.errors().toString());
    }

    @Test
    void buildWithoutAnImageIsRefusedNamingTheLine() {
        var e = expand("compose: { file: compose.yaml, service: app }\n", Map.of("compose.yaml", """
                services:
                  app:
                    image: shop/app:dev
                  worker:
                    build: ./worker
                """));
        assertEquals(List.of(new DocumentError("compose.yaml: services.worker.build",
                "Shakedown validates built images: pass the image (image: …, or target.image for the service under test)", 5)), e.errors());
        assertTrue(e.spec().has("compose"), "nothing changed");
    }

    @Test
    void theServiceUnderTestMayBuildWhenTheSpecNamesTheImage() {
        String compose = "services:\n  app:\n    build: .\n  db:\n    image: postgres:15-bookworm\n";
        var without = expand("compose: { file: compose.yaml, service: app }\n", Map.of("compose.yaml", compose));
        assertEquals("compose.yaml: services.app.build", without.errors().getFirst().path());
        var with = expand("compose: { file: compose.yaml, service: app }\ntarget: { image: shop/app:1.0, port: 8080 }\n", Map.of("compose.yaml", compose));
        assertEquals(List.of(), with.errors());
    }

    @Test
    void refusalsNameTheFieldAndTheLine() {
        var e = expand("compose: { file: compose.yaml, service: app }\n", Map.of("compose.yaml", """
                services:
                  app:
                    image: a
                    environment: [ "TOKEN" ]
                  db:
                    image: postgres:15
                    volumes: [ "./init.sql:/docker-entrypoint-initdb.d/init.sql" ]
                    environment:
                      POSTGRES_PASSWORD: ${PGPASS}
                    network_mode: host
                    mystery: 1
                """));
        assertEquals(List.of("compose.yaml: services.app.environment[0] (4)", "compose.yaml: services.db.network_mode (10)",
                "compose.yaml: services.db.mystery (11)", "compose.yaml: services.db.volumes[0] (7)", "compose.yaml: services.db.environment.POSTGRES_PASSWORD (9)"),
                e.errors().stream().map(x -> x.path() + " (" + x.line() + ")").toList(), e.errors().toString());
        assertTrue(e.errors().get(4).message().contains("${PGPASS} is not set"), e.errors().get(4).message());
    }

    @Test
    void missingFileAndServiceAreClear() {
        var noFile = expand("compose:\n  file: compose.yaml\n  service: app\n", Map.of());
        assertEquals("compose.file", noFile.errors().getFirst().path());
        assertEquals(2, noFile.errors().getFirst().line());
        var noService = expand("compose: { file: c.yaml, service: api }\n", Map.of("c.yaml", "services:\n  app: { image: a }\n"));
        assertEquals("no service api (compose.service); the file has app", noService.errors().getFirst().message());
    }

    @Test
    void commandStringsSplitLikeCompose() {
        assertEquals(List.of("sh", "-c", "echo 'a b' && exit 0"), ComposeText.shellWords("sh -c \"echo 'a b' && exit 0\""));
        assertEquals(List.of("a", "b c", ""), ComposeText.shellWords("a 'b c' ''"));
    }

    private static List<String> iterable(com.fasterxml.jackson.databind.JsonNode array) {
        var out = new java.util.ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
