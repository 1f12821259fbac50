package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.run.RunListener;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.FrameworkApps;
import io.shakedown.support.NoContainerLeftBehind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Spring Boot JPA + Flyway app (src/test/framework-apps/spring-jpa, built by Maven in setup) with a real
 * PostgreSQL as a service, run from the specs of examples/postgres-app: from its Compose file it PASSES; with its URL
 * hard-coded to localhost it FAILS naming the service `db`; with a broken migration it FAILS naming the migration and
 * the SQL error. The real Quarkus Hibernate ORM + Flyway app PASSES with its migrations as an init job of its own image,
 * and without that job FAILS saying the schema is missing. No container or network is left after each (NoContainerLeftBehind).
 */
class DependencyDiagnosesEndToEndTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("deps-test");
    static final Path EXAMPLE = Path.of("examples/postgres-app");

    @BeforeAll
    static void images() throws Exception {
        FrameworkApps.ensureBuilt();
        Process p = new ProcessBuilder("bash", "scripts/build-base-images.sh", "postgres").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("scripts/build-base-images.sh postgres failed:\n" + out);
    }

    static Report run(String specFile) throws Exception {
        return runText(Files.readString(EXAMPLE.resolve(specFile)));
    }

    static Report runText(String yaml) throws Exception {
        return DOCKER.run(new SpecParser().parse(yaml, SpecFiles.folder(EXAMPLE)), RunListener.NONE, Map.of());
    }

    @Test
    void theAppFromItsComposeFileWithItsDatabasePasses() throws Exception {
        Report r = run("compose-spec.yml");
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertEquals("db", r.dependencies().services().getFirst().name(), "db came from compose.yaml");
        assertEquals("postgres:15-bookworm", r.dependencies().services().getFirst().image());
    }

    @Test
    void aDatabaseUrlHardCodedToLocalhostFailsNamingTheService() throws Exception {
        Report r = run("db-localhost.yml");
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var d = r.readiness().diagnosis();
        assertEquals(DiagnosisKind.DEPENDENCY_ON_LOCALHOST, d.kind(), d.toString());
        assertEquals("the app connects to localhost:5432 inside its container, where nothing serves it; your database is the service `db`"
                + " — point the host at db", d.summary());
        assertTrue(d.hint().contains("SPRING_DATASOURCE_URL"), d.hint());
        assertTrue(d.evidence().stream().anyMatch(e -> e.startsWith("exit code 1")), "the readiness evidence stays: " + d.evidence());
    }

    @Test
    void aBrokenMigrationFailsNamingItAndTheSqlError() throws Exception {
        Report r = run("broken-migration.yml");
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        var d = r.readiness().diagnosis();
        assertEquals(DiagnosisKind.MIGRATION_FAILED, d.kind(), d.toString());
        assertTrue(d.summary().startsWith("the Flyway migration db/broken/V3__add_price.sql failed at start: ERROR: syntax error at or near \"TABEL\""), d.summary());
        assertFalse(r.toString().contains("secret\""), "no password in the report");
    }

    @Test
    void quarkusMigrationsAsAnInitJobOfTheSameImagePassAndWithoutTheJobTheSchemaIsMissing() throws Exception {
        String yaml = Files.readString(EXAMPLE.resolve("quarkus-init-job.yml"));
        Report r = runText(yaml);
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        var job = r.dependencies().jobs().getFirst();
        assertEquals("migrate", job.name());
        assertEquals(0L, job.exitCode());
        assertTrue(job.log().lines().stream().anyMatch(l -> l.contains("Successfully applied 2 migrations")), job.log().lines().toString());

        Report withoutJob = runText(yaml.substring(0, yaml.indexOf("jobs:")) + yaml.substring(yaml.indexOf("readiness:")));
        assertEquals(Verdict.FAILED, withoutJob.verdict(), withoutJob.summary());
        assertEquals(DiagnosisKind.SCHEMA_NOT_MIGRATED, withoutJob.readiness().diagnosis().kind(), withoutJob.readiness().diagnosis().toString());
        assertTrue(withoutJob.readiness().diagnosis().summary().contains("missing table [Item]"), withoutJob.readiness().diagnosis().summary());
    }
}
