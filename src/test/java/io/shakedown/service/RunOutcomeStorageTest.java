package io.shakedown.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.report.Report;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A run whose full report PostgreSQL refuses still ends with its real verdict and a stored reason: here the report
 * holds a NUL (as if an evidence path had not cleaned it), jsonb refuses it for real, and the dispatcher stores a
 * reduced report instead — never RUNNING, never "interrupted by restart".
 */
@QuarkusTest
class RunOutcomeStorageTest {

    @Inject RunDispatcher dispatcher;
    @Inject RunStore store;
    @Inject RunRecovery recovery;
    @Inject InstanceIdentity identity;
    @Inject EntityManager em;
    @Inject ObjectMapper mapper;

    @Test
    void aReportTheDatabaseRefusesIsReplacedByAReducedOneAndTheVerdictIsKept() throws Exception {
        UUID id = runningRow();
        var report = new Report(Report.VERSION, id.toString(), "outcome", "ci", Verdict.FAILED, "1 of 1 check(s) failed: x — boom",
                null, Instant.now(), Instant.now(), 12, List.of(new Report.Stage("checks", StageStatus.FAILED, 5, "x failed")),
                null, List.of(new Report.CheckResult("x", StageStatus.FAILED, 5, null, null, List.of(), "body said \u0000")),
                null, null, null, null, null, null, null, null);
        // the premise: PostgreSQL refuses this report as it is
        try {
            store.finish(id, identity.id(), RunStatus.FAILED, "s", mapper.writeValueAsString(report));
            throw new AssertionError("jsonb took a \\u0000; the test no longer tests the fallback");
        } catch (RuntimeException expected) {
            assertEquals(RunStatus.RUNNING, store.find(id).orElseThrow().status);
        }

        assertTrue(dispatcher.storeOutcome(id, RunStatus.FAILED, report.summary(), report).done());

        ValidationRun row = store.find(id).orElseThrow();
        assertEquals(RunStatus.FAILED, row.status, "the real verdict");
        assertTrue(row.summary.startsWith("1 of 1 check(s) failed: x — boom — the full report could not be stored ("), row.summary);
        assertNotNull(row.report, "a reduced report is stored");
        var stored = mapper.readTree(row.report);
        assertEquals("FAILED", stored.get("verdict").asText());
        assertEquals("checks", stored.get("stages").get(0).get("name").asText());
        assertTrue(stored.get("checks") == null, "the evidence is dropped");
        assertTrue(recovery.recover(true).stream().noneMatch(id::equals), "recovery has nothing to close");
    }

    /** The end of a run is stored in one statement that gives back the row as stored; a run closed elsewhere is left as it is. */
    @Test
    void finishingGivesBackTheRowAsStoredAndLeavesARunClosedElsewhereAlone() {
        UUID id = runningRow();
        var stored = store.finishReturning(id, identity.id(), RunStatus.PASSED, "ready in 80 ms", "{\"verdict\": \"PASSED\", \"stages\": []}")
                .orElseThrow();
        assertEquals(RunStatus.PASSED, stored.status);
        assertEquals("ready in 80 ms", stored.summary);
        assertNotNull(stored.finishedAt);
        var read = store.find(id).orElseThrow();
        assertEquals(read.report, stored.report, "the report as PostgreSQL keeps it, as a later read gives it");
        assertEquals(read.finishedAt, stored.finishedAt);
        assertEquals(read.createdAt, stored.createdAt);
        assertTrue(store.finishReturning(id, identity.id(), RunStatus.ERROR, "late", null).isEmpty(), "already closed");
        assertEquals(RunStatus.PASSED, store.find(id).orElseThrow().status);
    }

    private UUID runningRow() {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into validation_run (id, app, environment, status, spec_text, spec_format, created_at, started_at,
                                            owner_instance, heartbeat_at)
                values (:id, 'outcome', 'ci', 'RUNNING', 'app: outcome', 'yaml', now(), now(), :owner, now())""")
                .setParameter("id", id).setParameter("owner", identity.id()).executeUpdate());
        return id;
    }
}
