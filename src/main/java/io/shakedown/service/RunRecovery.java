package io.shakedown.service;

import io.shakedown.store.SecretVault;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.shakedown.engine.ValidationEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Closes runs nobody executes any more and removes their containers. At start-up (Flyway has already
 * migrated by then) that includes every RUNNING run of this instance id: this process has just started,
 * so those belong to its previous life. Every 30 s it closes runs of replicas that stopped heartbeating.
 */
@ApplicationScoped
public class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);
    /** Heartbeats come every 5 s; six missed ones mean the owner is gone. */
    static final int STALE_SECONDS = 30;

    @Inject RunStore store;
    @Inject RunDispatcher dispatcher;
    @Inject RunEvents events;
    @Inject ValidationEngine engine;
    @Inject InstanceIdentity identity;
    @Inject io.shakedown.service.RunMetrics metrics;

    void onStart(@Observes StartupEvent event) {
        recover(true);
        dispatcher.start(); // only now: claims must not race the clean-up of our own leftovers
    }

    void onStop(@Observes ShutdownEvent event) {
        dispatcher.shutdown();
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        recover(false);
    }

    /**
     * Marks interrupted runs ERROR "interrupted by restart" and reaps containers of runs that are not RUNNING.
     * {@code includeOwn}: also this instance's RUNNING runs that it is not executing. Returns the closed ids.
     */
    public List<UUID> recover(boolean includeOwn) {
        List<UUID> closed = List.of();
        try {
            closed = store.recoverInterrupted(identity.id(), includeOwn, dispatcher.executing(), STALE_SECONDS);
            closed.forEach(id -> events.finished(id, RunStatus.ERROR, RunStore.INTERRUPTED));
            if (!closed.isEmpty()) LOG.warnf("closed %d interrupted run(s): %s", closed.size(), closed);
            if (includeOwn) {
                // queued runs whose secrets this instance held in its previous life: the values are gone
                List<UUID> lost = store.failLostSecrets(identity.id());
                lost.forEach(id -> events.finished(id, RunStatus.ERROR, SecretVault.LOST));
                if (!lost.isEmpty()) LOG.warnf("closed %d queued run(s) whose secret values were lost: %s", lost.size(), lost);
            }
        } catch (RuntimeException e) {
            metrics.databaseError();
            LOG.error("could not close interrupted runs", e);
        }
        try {
            int reaped = engine.reapContainers(store::isRunning);
            if (reaped > 0) LOG.infof("removed %d container(s) of runs that are no longer running", reaped);
        } catch (RuntimeException | LinkageError e) {
            // no Docker engine (or engine not built yet): runs will report that themselves
            LOG.warnf("could not reap containers: %s", e.toString());
        }
        return closed;
    }
}
