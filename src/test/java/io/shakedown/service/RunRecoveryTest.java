package io.shakedown.service;

import io.shakedown.store.RunStatus;
import io.shakedown.store.ValidationRun;
import io.shakedown.store.RunStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs nobody executes any more are closed as ERROR ("interrupted by restart", or "replica X stopped during the run" for a dead replica's); live ones are left alone. */
@QuarkusTest
class RunRecoveryTest {

    @Inject RunStore store;
    @Inject RunRecovery recovery;
    @Inject EntityManager em;

    @Test
    void ownRunningRunFromAPreviousLifeIsClosed() {
        UUID id = runningRow("test-instance", 0); // this instance's id, but not executing here
        assertTrue(recovery.recover(true).contains(id));
        assertInterrupted(id);
    }

    @Test
    void runOfADeadReplicaIsClosedPeriodically() {
        UUID id = runningRow("dead-replica", 3600);
        assertTrue(recovery.recover(false).contains(id));
        assertClosed(id, "replica dead-replica stopped during the run");
    }

    @Test
    void runOfALiveReplicaIsKept() {
        UUID id = runningRow("live-replica", 1);
        recovery.recover(true);
        assertEquals(RunStatus.RUNNING, store.find(id).orElseThrow().status);
        // tidy up so no RUNNING row outlives the test
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update validation_run set status = 'ERROR', finished_at = now() where id = :id").setParameter("id", id).executeUpdate());
    }

    private UUID runningRow(String owner, int heartbeatAgeSeconds) {
        UUID id = store.createQueued("recovery", "ci", "http://127.0.0.1:9", "app: recovery", "yaml").id;
        // straight to RUNNING in SQL: a claim would hand it to the dispatcher, which we don't want here
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update validation_run set status = 'RUNNING', owner_instance = :owner, started_at = now(),
                       heartbeat_at = now() - (:age * interval '1 second')
                 where id = :id and status = 'QUEUED'""")
                .setParameter("owner", owner).setParameter("age", heartbeatAgeSeconds).setParameter("id", id)
                .executeUpdate());
        assertEquals(RunStatus.RUNNING, store.find(id).orElseThrow().status, "the dispatcher claimed the row first");
        return id;
    }

    private void assertInterrupted(UUID id) {
        assertClosed(id, "interrupted by restart");
    }

    private void assertClosed(UUID id, String summary) {
        ValidationRun run = store.find(id).orElseThrow();
        assertEquals(RunStatus.ERROR, run.status);
        assertEquals(summary, run.summary);
        assertNotNull(run.finishedAt);
    }
}
