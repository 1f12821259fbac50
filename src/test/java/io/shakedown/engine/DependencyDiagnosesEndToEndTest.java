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
 * the SQL error. No container or network is left after each (NoContainerLeftBehind).
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
        var spec = new SpecParser().parse(Files.readString(EXAMPLE.resolve(specFile)), SpecFiles.folder(EXAMPLE));
        return DOCKER.run(spec, RunListener.NONE, Map.of());
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
}
