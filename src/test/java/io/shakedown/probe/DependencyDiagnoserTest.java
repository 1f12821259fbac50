package io.shakedown.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.probe.DependencyDiagnoser.DeclaredService;
import io.shakedown.probe.DependencyDiagnoser.Situation;
import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Report.Diagnosis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dependency diagnoses on REAL logs: src/test/resources/dependency-logs/ holds what the real Spring Boot JPA and
 * Quarkus ORM apps printed against a real PostgreSQL (its README says how each was captured). The other migration
 * tools' samples are written after their documented output (no such app is built here).
 */
class DependencyDiagnoserTest {
    private static final DeclaredService DB = new DeclaredService("db", Set.of(5432), "postgres:15-bookworm",
            Map.of("POSTGRES_USER", "app", "POSTGRES_PASSWORD", "secret", "POSTGRES_DB", "app"));
    private static final Map<String, String> APP_ENV = Map.of("DB_PASSWORD", "secret");

    static List<String> log(String name) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/dependency-logs", name + ".log"));
    }

    static Optional<Diagnosis> diagnose(String name, Map<String, String> env, Set<String> notReady) throws IOException {
        return DependencyDiagnoser.diagnose(new Situation(log(name), env, List.of(DB), notReady));
    }

    static Diagnosis diagnosed(String name, Map<String, String> env) throws IOException {
        return diagnose(name, env, Set.of()).orElseThrow(() -> new AssertionError("no dependency diagnosis for " + name));
    }

    @Test
    void springHardCodedLocalhostNamesTheServiceAndSaysTheUrlIsInTheImage() throws IOException {
        Diagnosis d = diagnosed("spring-db-localhost", APP_ENV);
        assertEquals(DiagnosisKind.DEPENDENCY_ON_LOCALHOST, d.kind());
        assertEquals("the app connects to localhost:5432 inside its container, where nothing serves it; your database is the service `db`"
                + " — point the host at db", d.summary());
        assertTrue(d.hint().contains("built into the image") && d.hint().contains("SPRING_DATASOURCE_URL"), d.hint());
        assertTrue(d.evidence().getFirst().contains("Connection to localhost:5432 refused"), d.evidence().toString());
    }

    @Test
    void quarkusLocalhostFromEnvNamesTheVariable() throws IOException {
        Diagnosis d = diagnosed("quarkus-db-localhost", Map.of("DB_HOST", "localhost", "DB_PASSWORD", "secret"));
        assertEquals(DiagnosisKind.DEPENDENCY_ON_LOCALHOST, d.kind());
        assertTrue(d.summary().contains("the service `db`"), d.summary());
        assertTrue(d.hint().startsWith("inside a container localhost is the app itself: DB_HOST in target.env must name the host db"), d.hint());
    }

    @Test
    void localhostWithNoServiceServingThePortSaysToDeclareOne() throws IOException {
        Diagnosis d = DependencyDiagnoser.diagnose(new Situation(log("spring-db-localhost"), Map.of(), List.of(), Set.of())).orElseThrow();
        assertEquals(DiagnosisKind.DEPENDENCY_ON_LOCALHOST, d.kind());
        assertEquals("the app connects to localhost:5432 inside its container, where nothing serves it", d.summary());
        assertTrue(d.hint().contains("declare the dependency under services:"), d.hint());
    }

    @Test
    void flywayBrokenMigrationNamesTheScriptAndTheSqlError() throws IOException {
        Diagnosis d = diagnosed("spring-broken-migration", APP_ENV);
        assertEquals(DiagnosisKind.MIGRATION_FAILED, d.kind());
        assertEquals("the Flyway migration db/broken/V3__add_price.sql failed at start: ERROR: syntax error at or near \"TABEL\" (SQL state 42601)", d.summary());
        assertTrue(d.evidence().getFirst().contains("Migration of schema \"public\" to version \"3 - add price\" failed"), d.evidence().toString());
    }

    @Test
    void wrongPasswordNamesTheServiceAndBothSettingsButNoValue() throws IOException {
        Diagnosis d = diagnosed("spring-auth-failed", Map.of("DB_PASSWORD", "wrong"));
        assertEquals(DiagnosisKind.DEPENDENCY_AUTH_FAILED, d.kind());
        assertEquals("`db` refused the app's login: authentication failed for user \"app\"", d.summary());
        assertEquals("make the app's password (DB_PASSWORD in target.env) match what `db` was given (POSTGRES_PASSWORD in services.db.env)", d.hint());
        assertFalse((d.summary() + d.hint() + d.evidence()).contains("secret") || (d.summary() + d.hint()).contains("wrong"));
    }

    @Test
    void missingDatabaseSaysWhichOneTheServiceCreates() throws IOException {
        Diagnosis d = diagnosed("spring-missing-database", Map.of("DB_NAME", "orders", "DB_PASSWORD", "secret"));
        assertEquals(DiagnosisKind.DEPENDENCY_DATABASE_MISSING, d.kind());
        assertEquals("the database \"orders\" does not exist on `db`", d.summary());
        assertTrue(d.hint().startsWith("the app asks `db` for the database \"orders\", but it creates \"app\" (POSTGRES_DB): "
                + "point the app at the right database (DB_NAME, DB_PASSWORD in target.env)") || d.hint().contains("(DB_NAME"), d.hint());
        assertTrue(d.hint().contains("POSTGRES_DB: orders in services.db.env"), d.hint());
    }

    @Test
    void unknownHostListsTheDeclaredServicesAndTheVariable() throws IOException {
        Diagnosis d = diagnosed("spring-unknown-host", Map.of("DB_HOST", "postgres", "DB_PASSWORD", "secret"));
        assertEquals(DiagnosisKind.DEPENDENCY_UNKNOWN_HOST, d.kind());
        assertEquals("the app looks up the host postgres, which is no service of the run (declared: `db`)", d.summary());
        assertEquals("DB_HOST in target.env must name a service: `db` — point it at db", d.hint());
    }

    @Test
    void refusedOnAPortTheServiceDoesNotServe() throws IOException {
        Diagnosis d = diagnosed("spring-refused", Map.of("DB_PORT", "5433", "DB_PASSWORD", "secret"));
        assertEquals(DiagnosisKind.DEPENDENCY_REFUSED, d.kind());
        assertEquals("`db` refused the connection to db:5433: it serves port 5432, not 5433", d.summary());
        assertEquals("DB_PORT in target.env must use port 5432 of db", d.hint());
    }

    @Test
    void raceModeCrashAgainstAServiceNotReadyYet() throws IOException {
        var slow = new DeclaredService("slowdb", Set.of(5432), "postgres:15-bookworm", Map.of("POSTGRES_PASSWORD", "secret"));
        Diagnosis d = DependencyDiagnoser.diagnose(new Situation(log("spring-race-crash"), Map.of("DB_HOST", "slowdb"), List.of(slow), Set.of("slowdb"))).orElseThrow();
        assertEquals(DiagnosisKind.DEPENDENCY_NOT_READY_RACE, d.kind());
        assertEquals("race mode: the app gave up on `slowdb` (connection to slowdb:5432 refused) before it was ready, and did not wait or retry", d.summary());
        assertTrue(d.hint().contains("spring.flyway.connect-retries"), d.hint());
        // the same log when the service WAS ready: it stopped listening, not a race
        Diagnosis ready = DependencyDiagnoser.diagnose(new Situation(log("spring-race-crash"), Map.of(), List.of(slow), Set.of())).orElseThrow();
        assertEquals(DiagnosisKind.DEPENDENCY_REFUSED, ready.kind());
    }

    @Test
    void migrationsNotRunBeforeAQuarkusAppThatValidatesItsSchema() throws IOException {
        Diagnosis d = diagnosed("quarkus-migrations-not-run", APP_ENV);
        assertEquals(DiagnosisKind.SCHEMA_NOT_MIGRATED, d.kind());
        assertEquals("Hibernate's schema validation failed: missing table [Item] — the database does not have the schema the app expects", d.summary());
        assertTrue(d.hint().contains("init job"), d.hint());
    }

    @Test
    void refineKeepsTheReadinessEvidenceAfterTheDecisiveLines() throws IOException {
        var exited = new Diagnosis(DiagnosisKind.EXITED, "the container exited with code 1", List.of("exit code 1 after 30000 ms", "last log lines: …"), "read the log", null);
        var situation = new Situation(log("spring-broken-migration"), APP_ENV, List.of(DB), Set.of());
        Diagnosis d = DependencyDiagnoser.refine(exited, situation);
        assertEquals(DiagnosisKind.MIGRATION_FAILED, d.kind());
        assertEquals(3, d.evidence().size());
        assertEquals("exit code 1 after 30000 ms", d.evidence().get(1));
        var loopback = new Diagnosis(DiagnosisKind.LOOPBACK_ONLY, "loopback", List.of(), "bind 0.0.0.0", List.of());
        assertEquals(loopback, DependencyDiagnoser.refine(loopback, situation), "a diagnosis about the app's own socket stays");
        var quiet = new Situation(log("spring-healthy"), APP_ENV, List.of(DB), Set.of());
        assertEquals(exited, DependencyDiagnoser.refine(exited, quiet), "nothing in the log: the readiness diagnosis stays");
    }

    @Test
    void healthyLogsHaveNothingToSay() throws IOException {
        for (String healthy : List.of("spring-healthy", "quarkus-healthy", "quarkus-migrate-job", "quarkus-after-job")) {
            assertEquals(Optional.empty(), diagnose(healthy, APP_ENV, Set.of()), healthy);
        }
    }

    @Test
    void otherClientsConnectionMessages() {
        record Case(String line, String host, Integer port) {}
        for (Case c : List.of(
                new Case("Error: connect ECONNREFUSED 127.0.0.1:5432", "127.0.0.1", 5432),
                new Case("panic: dial tcp [::1]:6379: connect: connection refused", "::1", 6379),
                new Case("psycopg2.OperationalError: connection to server at \"localhost\" (127.0.0.1), port 5432 failed: Connection refused", "localhost", 5432),
                new Case("redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.", "localhost", 6379),
                new Case("Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:6379", "localhost", 6379),
                new Case("Could not connect to Redis at localhost:6379: Connection refused", "localhost", 6379),
                new Case("redis.clients.jedis.exceptions.JedisConnectionException: Failed to connect to localhost:6379.", "localhost", 6379),
                new Case("redis.exceptions.ConnectionError: Error -2 connecting to cache:6379. Name or service not known.", "cache", null),
                new Case("Could not connect to Redis at kache:6379: Name or service not known", "kache", null),
                new Case("Error: getaddrinfo ENOTFOUND postgres", "postgres", null),
                new Case("dial tcp: lookup cache on 127.0.0.11:53: no such host", "cache", null),
                new Case("psycopg2.OperationalError: could not translate host name \"pg\" to address: Name or service not known", "pg", null))) {
            var dial = DependencyDiagnoser.lastDial(List.of("starting", c.line())).orElseThrow(() -> new AssertionError(c.line()));
            assertEquals(c.host(), dial.host(), c.line());
            assertEquals(c.port(), dial.port(), c.line());
        }
    }

    static final DeclaredService CACHE = new DeclaredService("cache", Set.of(6379), "redis:7-bookworm", Map.of());

    @Test
    void redisRefusingTheAppsPasswordOrGettingNoneNamesTheServiceWhateverTheClient() {
        record Case(List<String> log, String summary) {}
        String wrong = "`cache` refused the app's login: the password it sent is wrong (WRONGPASS)";
        String none = "`cache` requires a password and the app sent none (NOAUTH)";
        for (Case c : List.of(
                new Case(List.of("redis.clients.jedis.exceptions.JedisDataException: NOAUTH Authentication required."), none),              // Jedis
                new Case(List.of("io.lettuce.core.RedisCommandExecutionException: NOAUTH HELLO must be called with the client already authenticated, "
                        + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client"), none),              // Lettuce
                new Case(List.of("redis.exceptions.AuthenticationError: Authentication required."), none),                                      // redis-py
                new Case(List.of("io.lettuce.core.RedisCommandExecutionException: WRONGPASS invalid username-password pair or user is disabled."), wrong),
                new Case(List.of("redis.exceptions.AuthenticationError: invalid username-password pair or user is disabled."), wrong),
                // redis-cli with a wrong REDISCLI_AUTH: its AUTH fails, then every command gets NOAUTH; the wrong password is the cause
                new Case(List.of("FATAL: cannot use Redis at cache:6379: AUTH failed: WRONGPASS invalid username-password pair or user is disabled.",
                        "NOAUTH Authentication required."), wrong))) {
            var d = DependencyDiagnoser.diagnose(new Situation(c.log(), Map.of("REDIS_PASSWORD", "x"), List.of(DB, CACHE), Set.of()))
                    .orElseThrow(() -> new AssertionError(c.log().toString()));
            assertEquals(DiagnosisKind.DEPENDENCY_AUTH_FAILED, d.kind(), c.log().toString());
            assertEquals(c.summary(), d.summary(), c.log().toString());
            assertTrue(d.hint().contains("REDIS_PASSWORD in target.env") && d.hint().contains("services.cache.command"), d.hint());
        }
    }

    @Test
    void springReachingRedisOnLocalhostIsToldItsRedisHostSetting() {
        var log = List.of("2026-12-06 INFO 1 --- [main] o.s.b.w.embedded.tomcat.TomcatWebServer : Tomcat initialized with port 8080 (http) org.springframework",
                "Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:6379");
        var d = DependencyDiagnoser.diagnose(new Situation(log, Map.of(), List.of(DB, CACHE), Set.of())).orElseThrow();
        assertEquals(DiagnosisKind.DEPENDENCY_ON_LOCALHOST, d.kind());
        assertEquals("the app connects to localhost:6379 inside its container, where nothing serves it; your Redis is the service `cache`"
                + " — point the host at cache", d.summary());
        assertTrue(d.hint().contains("SPRING_DATA_REDIS_HOST"), d.hint());
    }

    @Test
    void otherMigrationToolsNameTheMigrationAndTheError() {
        record Case(List<String> log, String tool, String migration, String error) {}
        for (Case c : List.of(
                new Case(List.of("INFO  [alembic.runtime.migration] Running upgrade 1a2b -> 3c4d, add price",
                        "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.SyntaxError) syntax error at or near \"TABEL\""),
                        "Alembic", "revision 3c4d (add price)", "syntax error at or near \"TABEL\""),
                new Case(List.of("Operations to perform:", "  Applying shop.0001_initial... OK", "  Applying shop.0002_add_price...",
                        "django.db.utils.ProgrammingError: syntax error at or near \"TABEL\""), "Django", "shop.0002_add_price", "syntax error at or near \"TABEL\""),
                new Case(List.of("== 20240101000000 AddPrice: migrating ===========", "rails aborted!",
                        "StandardError: An error has occurred, this and all later migrations canceled:", "",
                        "PG::SyntaxError: ERROR:  syntax error at or near \"TABEL\""), "Rails", "20240101000000 AddPrice", "ERROR:  syntax error at or near \"TABEL\""),
                new Case(List.of("Applying migration `20240101000000_add_price`", "Error: P3018", "", "A migration failed to apply.",
                        "Migration name: 20240101000000_add_price", "", "Database error code: 42601", "", "Database error:",
                        "ERROR: syntax error at or near \"TABEL\""), "Prisma", "20240101000000_add_price", "ERROR: syntax error at or near \"TABEL\""),
                new Case(List.of("liquibase.exception.MigrationFailedException: Migration failed for changeset db/changelog.yaml::2::alice:",
                        "     Reason: liquibase.exception.DatabaseException: ERROR: syntax error at or near \"TABEL\""),
                        "Liquibase", "changeset db/changelog.yaml::2::alice", "ERROR: syntax error at or near \"TABEL\""),
                new Case(List.of("org.flywaydb.core.api.exception.FlywayValidateException: Validate failed: Migrations have failed validation",
                        "Migration checksum mismatch for migration version 2"), "Flyway", "version 2", null))) {
            var f = MigrationFailures.find(c.log()).orElseThrow(() -> new AssertionError(c.tool()));
            assertEquals(c.tool(), f.tool());
            assertEquals(c.migration(), f.migration(), c.tool());
            if (c.error() != null) assertEquals(c.error(), f.error(), c.tool());
        }
    }
}
