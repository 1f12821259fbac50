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
import io.shakedown.store.SecretVault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs nobody executes any more are closed as ERROR ("interrupted by restart", or "replica X stopped during the run" for a dead replica's); live ones are left alone. */
@QuarkusTest
class RunRecoveryTest {

    @Inject RunStore store;
    @Inject RunRecovery recovery;
    @Inject EntityManager em;
    @Inject SecretVault vault;

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
        assertClosed(id, RunStore.replicaStopped("dead-replica"));
        assertEquals("replica dead-replica stopped during the run", RunStore.replicaStopped("dead-replica"));
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

    @Test
    void queuedRunBoundToADeadReplicasSecretsIsClosedAndALiveOnesKept() {
        replica("dead-holder", 3600);
        replica("live-holder", 1);
        UUID dead = store.createQueued("recovery", "ci", "http://127.0.0.1:9", "app: recovery", "yaml", null, null, "dead-holder").id;
        UUID live = store.createQueued("recovery", "ci", "http://127.0.0.1:9", "app: recovery", "yaml", null, null, "live-holder").id;
        UUID unknown = store.createQueued("recovery", "ci", "http://127.0.0.1:9", "app: recovery", "yaml", null, null, "never-seen").id;
        recovery.recover(false);
        assertClosed(dead, "replica dead-holder stopped before the run started; it held the run's secret values in memory only: submit again");
        assertEquals(RunStatus.QUEUED, store.find(live).orElseThrow().status, "its holder is alive and will claim it");
        assertEquals(RunStatus.QUEUED, store.find(unknown).orElseThrow().status, "a holder without a heartbeat row is not judged");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update validation_run set status = 'CANCELLED', finished_at = now() where id in (:ids)").setParameter("ids", List.of(live, unknown)).executeUpdate());
    }

    /**
     * Replica A holds a queued run's secret values in memory; the run is cancelled through replica B (which changes
     * only the database): A's next sweep drops the values. Values of a run whose row never committed go after a grace.
     */
    @Test
    void secretValuesOfARunEndedThroughAnotherReplicaAreDropped() {
        UUID cancelled = store.createQueued("vault", "ci", "http://127.0.0.1:9", "app: vault", "yaml", null, null, "holder-a").id;
        UUID waiting = store.createQueued("vault", "ci", "http://127.0.0.1:9", "app: vault", "yaml", null, null, "holder-a").id;
        UUID neverCommitted = UUID.randomUUID();
        vault.put(cancelled, Map.of("DB_PASSWORD", "pw-1"));
        vault.put(waiting, Map.of("DB_PASSWORD", "pw-2"));
        vault.put(neverCommitted, Map.of("DB_PASSWORD", "pw-3"));
        try {
            assertEquals(RunStore.CancelOutcome.CANCELLED, store.requestCancel(cancelled, null).outcome()); // what replica B does
            vault.sweep(Instant.now());
            assertTrue(vault.get(cancelled).isEmpty(), "the cancelled run's values are gone");
            assertTrue(vault.get(waiting).isPresent(), "a run still queued keeps its values");
            assertTrue(vault.get(neverCommitted).isPresent(), "a run whose row may still commit keeps its values a while");
            vault.sweep(Instant.now().plus(Duration.ofMinutes(2)));
            assertTrue(vault.get(neverCommitted).isEmpty(), "no row a minute later: the submission rolled back");
            assertTrue(vault.get(waiting).isPresent());
        } finally {
            vault.forget(waiting);
            vault.forget(neverCommitted);
            store.requestCancel(waiting, null);
        }
    }

    @Test
    void thisReplicaRecordsItsHeartbeat() {
        recovery.recover(true);
        Number age = (Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select extract(epoch from now() - heartbeat_at) from replica where instance_id = 'test-instance'").getSingleResult());
        assertTrue(age.doubleValue() < 60, "test-instance heartbeat " + age + " s old");
    }

    private void replica(String instance, int heartbeatAgeSeconds) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into replica (instance_id, started_at, heartbeat_at)
                values (:me, now() - interval '2 hours', now() - (:age * interval '1 second'))
                on conflict (instance_id) do update set heartbeat_at = excluded.heartbeat_at""")
                .setParameter("me", instance).setParameter("age", heartbeatAgeSeconds).executeUpdate());
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
