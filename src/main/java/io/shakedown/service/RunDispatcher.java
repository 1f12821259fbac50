package io.shakedown.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.report.Report;
import io.shakedown.report.SafeText;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.secret.ServiceSecrets;
import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.shakedown.store.SecretVault;
import io.shakedown.store.ValidationRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
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
    @Inject ServiceSecrets serviceSecrets;
    @Inject RunMetrics metrics;
    @Inject DiskSpace disks;
    @Inject LoadReports loadReports;

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

    private boolean stopped;

    /** The queue and in-flight gauges, exported from the start (before recovery ends and claims begin). */
    void bindMetrics() {
        metrics.bind(store::countQueued, active::size);
    }

    /** Called by {@link RunRecovery} once leftovers of a previous life are cleaned up (not at all if already stopping). */
    synchronized void start() {
        if (stopped) return;
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
            metrics.databaseError();
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
        Report report = null;
        String app = null;
        long t0 = System.nanoTime();
        try {
            ValidationSpec spec = parser.parse(claim.specText(), SpecFiles.of(files(claim.specFiles())));
            app = spec.app();
            var diskTooFull = disks.refusal(spec.target().isImage()); // now, not mid-pull with "no space left on device"
            if (diskTooFull.isPresent()) {
                summary = diskTooFull.get();
                return; // ERROR, recorded below
            }
            Map<String, String> secrets = Map.of();
            if (!spec.secrets().isEmpty() && claim.monitorId() != null) {
                try {
                    secrets = serviceSecrets.values(claim.project(), spec.secrets()); // read now: a rotated secret is used at once
                } catch (ServiceSecrets.Missing e) {
                    summary = "the service no longer has the monitor secret(s) " + String.join(", ", e.names())
                            + " this monitor names (docs/monitors.md, \"Secrets\")";
                    return; // ERROR, recorded below
                }
            } else if (!spec.secrets().isEmpty()) {
                secrets = vault.get(id).orElse(null);
                if (secrets == null) {
                    summary = SecretVault.LOST;
                    return; // ERROR, recorded below
                }
            }
            var stageTimes = metrics.listener();
            report = engine.run(spec, new RunContext(id.toString(), event -> {
                events.publish(id, event);
                stageTimes.onEvent(event);
            }, cancellation, secrets));
            if (report.performance() != null) loadReports.keep(id); // before the verdict is visible: any replica can serve it
            status = RunStatus.of(report.verdict());
            summary = report.summary();
        } catch (DocumentException e) {
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
                report = null;
            }
            var stored = storeOutcome(id, status, SafeText.clean(summary), report);
            metrics.finished(app, status.name(), Duration.ofNanos(System.nanoTime() - t0));
            if (stored.done()) {
                active.remove(id);
                // the waiters of ?wait answer from the row as stored: the verdict they give is the one in the database
                events.finished(id, status, SafeText.clean(summary), stored.row());
            }
            wake();
        }
    }

    /** An outcome the database did not take yet; retried on every heartbeat, the run stays "executing" meanwhile. */
    private record Pending(RunStatus status, String summary) {}

    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();

    /**
     * Stores a run's end so that its verdict is never lost: the full report; if that fails, once more (a
     * transient database error); then a reduced report (verdict, summary, stages) saying why; then no report,
     * the reason in the summary. If even that fails (database down), the outcome is kept here and retried on
     * every heartbeat, and the run stays among those this instance executes, so recovery does not close it
     * "interrupted by restart". Says whether it is done (stored, or the run turned out to be closed elsewhere) and
     * gives the row as stored.
     */
    Stored storeOutcome(UUID id, RunStatus status, String summary, Report report) {
        String why = null;
        if (report != null) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                try {
                    return finish(id, status, summary, mapper.writeValueAsString(report));
                } catch (Exception e) {
                    why = rootMessage(e);
                    LOG.warnf("run %s: storing its report failed (attempt %d): %s", id, attempt, why);
                }
            }
            try {
                Report reduced = report.reduced(why);
                return finish(id, status, reduced.summary(), mapper.writeValueAsString(reduced));
            } catch (Exception e) {
                LOG.warnf("run %s: storing its reduced report failed: %s", id, rootMessage(e));
            }
            summary = SafeText.clean(summary + " — the report could not be stored (" + why + ")");
        }
        try {
            return finish(id, status, summary, null);
        } catch (RuntimeException e) {
            metrics.databaseError();
            LOG.errorf(e, "could not store the outcome of run %s; retrying on every heartbeat", id);
            pending.put(id, new Pending(status, summary));
            return new Stored(false, null);
        }
    }

    /** Whether a run's outcome is done with ({@code row}: as stored; null when the run was closed elsewhere or not stored yet). */
    record Stored(boolean done, ValidationRun row) {}

    private Stored finish(UUID id, RunStatus status, String summary, String reportJson) {
        var stored = store.finishReturning(id, identity.id(), status, summary, reportJson);
        if (stored.isEmpty()) LOG.infof("run %s was already closed elsewhere (recovery or shutdown); its report is dropped", id);
        return new Stored(true, stored.orElse(null));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String flat = (t.getClass().getSimpleName() + ": " + t.getMessage()).replaceAll("\\s+", " ").strip();
        return SafeText.clean(flat.length() > 300 ? flat.substring(0, 300) + "…" : flat);
    }

    private void retryPending() {
        pending.forEach((id, p) -> {
            try {
                finish(id, p.status(), p.summary(), null);
                pending.remove(id);
                active.remove(id);
                events.finished(id, p.status(), p.summary());
            } catch (RuntimeException e) {
                LOG.warnf("run %s: storing its outcome still fails: %s", id, rootMessage(e));
            }
        });
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
    @Scheduled(every = "${shakedown.replicas.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (!pending.isEmpty()) retryPending();
        try {
            store.replicaAlive(identity.id(), false); // idle or not: survivors tell dead from idle by it
        } catch (RuntimeException e) {
            metrics.databaseError();
            LOG.warn("replica heartbeat failed", e);
        }
        if (active.isEmpty()) return;
        try {
            // a snapshot: a run claimed while the heartbeat runs must not look "closed elsewhere" and be cancelled
            for (UUID id : store.heartbeat(identity.id(), Set.copyOf(active.keySet()))) {
                if (cancelLocal(id)) LOG.infof("run %s: cancel requested or closed elsewhere; stopping it", id);
            }
        } catch (RuntimeException e) {
            metrics.databaseError();
            LOG.warn("heartbeat failed", e);
        }
    }

    /**
     * Graceful stop: claim nothing more, cancel what runs (the engine stops its containers), wait a bounded
     * time for reports, and close whatever did not report as ERROR.
     */
    void shutdown() {
        synchronized (this) {
            stopped = true;
        }
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
