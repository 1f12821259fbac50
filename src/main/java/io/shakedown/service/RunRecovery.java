package io.shakedown.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.shakedown.store.SecretVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Closes runs nobody executes any more and removes their containers. At start-up (Flyway has already
 * migrated by then) that includes every RUNNING run of this instance id: this process has just started,
 * so those belong to its previous life. Every {@code shakedown.replicas.check-interval} it closes runs of replicas
 * that stopped heartbeating ({@code shakedown.replicas.stale-after}) and reaps their containers: any replica
 * sharing the installation id and the Docker engine (or namespace) can, by the run-id label.
 */
@ApplicationScoped
public class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    @Inject RunStore store;
    @Inject RunDispatcher dispatcher;
    @Inject RunEvents events;
    @Inject ValidationEngine engine;
    @Inject InstanceIdentity identity;
    @Inject RunMetrics metrics;
    @Inject ShakedownConfig config;

    /**
     * Recovery runs after start, off the main thread, so readiness does not wait for the database updates and the
     * Docker reaping; submissions meanwhile stay QUEUED. The dispatcher starts only after it: claims must not race
     * the clean-up of our own leftovers.
     */
    void onStart(@Observes StartupEvent event) {
        var r = config.replicas();
        if (r.staleAfter().compareTo(r.heartbeatInterval().multipliedBy(2)) < 0) {
            // one late heartbeat would make survivors close live runs
            throw new IllegalStateException("shakedown.replicas.stale-after (" + r.staleAfter().toSeconds()
                    + " s) must be at least twice shakedown.replicas.heartbeat-interval (" + r.heartbeatInterval().toSeconds() + " s)");
        }
        dispatcher.bindMetrics();
        startup = Thread.ofPlatform().name("shakedown-recovery").daemon().start(() -> {
            recover(true);
            dispatcher.start();
        });
    }

    /** The start-up recovery, if still running when the service stops: it finishes before the database goes away. */
    private volatile Thread startup;

    void onStop(@Observes ShutdownEvent event) {
        Thread t = startup;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatcher.shutdown();
    }

    @Scheduled(every = "${shakedown.replicas.check-interval:10s}", delayed = "${shakedown.replicas.check-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        recover(false);
    }

    /**
     * Marks interrupted runs ERROR ("interrupted by restart" for our own previous life, "replica X stopped during
     * the run" for a dead replica's) and reaps containers of runs that are not RUNNING.
     * {@code includeOwn}: also this instance's RUNNING runs that it is not executing. Returns the closed ids.
     */
    public List<UUID> recover(boolean includeOwn) {
        List<UUID> closed = List.of();
        try {
            var runs = store.recoverInterrupted(identity.id(), includeOwn, dispatcher.executing(), config.replicas().staleAfter().toSeconds());
            runs.forEach(r -> events.finished(r.id(), RunStatus.ERROR, r.summary()));
            closed = runs.stream().map(RunStore.Closed::id).toList();
            if (!runs.isEmpty()) LOG.warnf("closed %d interrupted run(s): %s", runs.size(), runs);
            // queued runs bound to a dead replica's memory (secret values): nobody else may claim them
            var orphans = store.failSecretsOfDeadReplicas(identity.id(), config.replicas().staleAfter().toSeconds());
            orphans.forEach(r -> events.finished(r.id(), RunStatus.ERROR, r.summary()));
            if (!orphans.isEmpty()) LOG.warnf("closed %d queued run(s) whose secrets holder stopped: %s", orphans.size(), orphans);
            if (includeOwn) {
                store.replicaAlive(identity.id(), true);
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
            int images = engine.sweepImages(); // what a crash between pull and release left, or a run needed then
            if (images > 0) LOG.infof("removed %d pulled image(s) no queued or running run needs", images);
        } catch (RuntimeException | LinkageError e) {
            // no Docker engine (or engine not built yet): runs will report that themselves
            LOG.warnf("could not reap containers or pulled images: %s", e.toString());
        }
        return closed;
    }
}
