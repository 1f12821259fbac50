package io.shakedown.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.shakedown.store.SecretVault;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.report.Report;
import io.shakedown.spec.SpecException;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Takes QUEUED runs from the database and executes them, at most {@code shakedown.max-concurrent-runs} at
 * once on this instance. Claiming goes through the database (SKIP LOCKED), so any number of replicas can
 * share one queue. Woken on every submit; polls every second in case another replica's submit is waiting.
 */
@ApplicationScoped
public class RunDispatcher {

    private static final Logger LOG = Logger.getLogger(RunDispatcher.class);
    static final String SHUT_DOWN = "service shut down during the run";

    @Inject RunStore store;
    @Inject RunEvents events;
    @Inject ValidationEngine engine;
    @Inject SpecParser parser;
    @Inject ObjectMapper mapper;
    @Inject ShakedownConfig config;
    @Inject InstanceIdentity identity;
    @Inject SecretVault vault;

    /** Runs executing here, by id, with their cancel switches. */
    private final Map<UUID, Cancellation> active = new ConcurrentHashMap<>();
    /** Runs we cancelled because the service is stopping (their outcome is ERROR, not CANCELLED). */
    private final Set<UUID> stoppedByShutdown = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile boolean accepting;
    // claims are serialized on one thread so the capacity check and the claim cannot race each other
    private ExecutorService claimer;
    // a run blocks for its whole duration (readiness waits, HTTP checks): one virtual thread each
    private ExecutorService runners;

    /** Called by {@link RunRecovery} once leftovers of a previous life are cleaned up. */
    void start() {
        claimer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shakedown-claimer");
            t.setDaemon(true);
            return t;
        });
        runners = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("shakedown-run-", 0).factory());
        accepting = true;
        wake();
    }

    /** Ask for a claim round soon; cheap and safe to call from anywhere, any number of times. */
    public void wake() {
        if (accepting && wakePending.compareAndSet(false, true)) {
            try {
                claimer.execute(this::claimWhileCapacity);
            } catch (RejectedExecutionException e) {
                wakePending.set(false); // shutting down
            }
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    private void claimWhileCapacity() {
        wakePending.set(false);
        try {
            while (accepting && active.size() < config.maxConcurrentRuns()) {
                var claim = store.claimNext(identity.id());
                if (claim.isEmpty()) return;
                launch(claim.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("claiming queued runs failed; retrying on the next poll", e);
        }
    }

    private void launch(RunStore.Claim claim) {
        var cancellation = new Cancellation();
        active.put(claim.id(), cancellation);
        events.open(claim.id());
        runners.execute(() -> execute(claim, cancellation));
    }

    private void execute(RunStore.Claim claim, Cancellation cancellation) {
        UUID id = claim.id();
        RunStatus status = RunStatus.ERROR;
        String summary = "internal error";
        String reportJson = null;
        try {
            ValidationSpec spec = parser.parse(claim.specText(), SpecFiles.of(files(claim.specFiles())));
            Map<String, String> secrets = Map.of();
            if (!spec.secrets().isEmpty()) {
                secrets = vault.get(id).orElse(null);
                if (secrets == null) {
                    summary = SecretVault.LOST;
                    return; // ERROR, recorded below
                }
            }
            Report report = engine.run(spec, new RunContext(id.toString(), event -> events.publish(id, event), cancellation, secrets));
            status = RunStatus.of(report.verdict());
            summary = report.summary();
            reportJson = mapper.writeValueAsString(report);
        } catch (SpecException e) {
            // it parsed when it was accepted; only a parser change in between can get here
            summary = "the stored spec no longer parses: " + e.getMessage();
        } catch (Exception | LinkageError e) {
            LOG.errorf(e, "run %s failed inside Shakedown", id);
            summary = "internal error: " + e;
        } finally {
            vault.forget(id);
            if (stoppedByShutdown.contains(id)) {
                status = RunStatus.ERROR;
                summary = SHUT_DOWN;
            }
            try {
                if (!store.finish(id, identity.id(), status, summary, reportJson)) {
                    LOG.infof("run %s was already closed elsewhere (recovery or shutdown); its report is dropped", id);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not store the outcome of run %s", id);
            }
            active.remove(id);
            events.finished(id, status, summary);
            wake();
        }
    }

    private Map<String, String> files(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return mapper.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("stored spec files are not a JSON object of strings", e);
        }
    }

    /** Cancels a run executing on this instance; false if it does not run here. */
    public boolean cancelLocal(UUID id) {
        Cancellation c = active.get(id);
        if (c == null) return false;
        c.cancel();
        return true;
    }

    public Set<UUID> executing() {
        return Set.copyOf(active.keySet());
    }

    /** Keeps our RUNNING rows alive and stops runs cancelled through another replica (or closed by recovery). */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (active.isEmpty()) return;
        try {
            for (UUID id : store.heartbeat(identity.id(), active.keySet())) {
                if (cancelLocal(id)) LOG.infof("run %s: cancel requested or closed elsewhere; stopping it", id);
            }
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed", e);
        }
    }

    /**
     * Graceful stop: claim nothing more, cancel what runs (the engine stops its containers), wait a bounded
     * time for reports, and close whatever did not report as ERROR.
     */
    void shutdown() {
        accepting = false;
        if (claimer == null) return;
        claimer.shutdownNow();
        active.forEach((id, c) -> {
            stoppedByShutdown.add(id);
            c.cancel();
        });
        runners.shutdown();
        try {
            if (!runners.awaitTermination(config.shutdownGraceSeconds(), TimeUnit.SECONDS)) {
                LOG.warnf("%d run(s) did not stop within %ds", active.size(), config.shutdownGraceSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (UUID id : active.keySet()) {
            try {
                store.finish(id, identity.id(), RunStatus.ERROR, SHUT_DOWN, null);
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not close run %s; recovery will at the next start", id);
            }
        }
    }
}
