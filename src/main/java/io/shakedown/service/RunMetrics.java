package io.shakedown.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.perf.PerformanceRunner;
import io.shakedown.run.RunListener;
import io.shakedown.store.RunStore;
import io.shakedown.target.DockerClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The service's Prometheus metrics (/q/metrics; docs/operations.md, "Metrics"). Labels stay low-cardinality:
 * {@code app} (the spec's app name), {@code verdict}, {@code stage} — never a run id. Run and stage figures come
 * from the run's own events ({@link #listener}); gauges read the queue, the dispatcher and Docker when scraped.
 */
@ApplicationScoped
public class RunMetrics {

    static final String PREFIX = "shakedown.";
    /** Buckets of run and stage durations (seconds): a validation takes from ~1 s to several minutes. */
    static final double[] SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

    @Inject MeterRegistry registry;
    @Inject ValidationEngine engine;

    private final AtomicLong databaseErrors = new AtomicLong();
    /** Docker is asked at most every few seconds however often Prometheus scrapes. */
    private final Cached containers = new Cached(Duration.ofSeconds(5));

    /** Registers the gauges; the queue and in-flight figures come from the service layer that owns them. */
    public void bind(LongSupplier queued, IntSupplier inFlight) {
        Gauge.builder(PREFIX + "runs.queued", () -> guarded(queued)).description("Runs waiting in the database queue (all replicas)")
                .register(registry);
        Gauge.builder(PREFIX + "runs.in.flight", inFlight::getAsInt).description("Runs executing on this replica").register(registry);
        Gauge.builder(PREFIX + "containers.alive", () -> containers.get(engine::containersAlive))
                .description("Running containers of this installation (apps, baselines, helpers); -1 when Docker does not answer")
                .register(registry);
        Gauge.builder(PREFIX + "perf.forks.running", PerformanceRunner::forksRunning)
                .description("Forked Gatling load runners alive").register(registry);
        FunctionCounter.builder(PREFIX + "docker.errors", this, m -> DockerClients.callErrors())
                .description("Docker calls that got no answer or a 5xx").register(registry);
        FunctionCounter.builder(PREFIX + "images.removed", engine, ValidationEngine::imagesRemoved)
                .description("Pulled images removed by the image policy").register(registry);
        FunctionCounter.builder(PREFIX + "database.errors", databaseErrors, AtomicLong::get)
                .description("Failed database calls of the dispatcher, recovery and metrics").register(registry);
    }

    /** Counted once the run is stored (its transaction committed), whoever queued it: API, gate or monitor tick. */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunStore.RunQueued queued) {
        submitted(queued.app());
    }

    public void submitted(String app) {
        Counter.builder(PREFIX + "runs.submitted").description("Runs queued: submitted specs, gate calls and monitor ticks").tag("app", label(app))
                .register(registry).increment();
    }

    public void finished(String app, String verdict, Duration took) {
        Counter.builder(PREFIX + "runs.finished").description("Runs ended, by verdict").tags("app", label(app), "verdict", verdict)
                .register(registry).increment();
        if (took != null) {
            Timer.builder(PREFIX + "run.duration").description("Wall time of a run, claim to verdict")
                    .tags("app", label(app), "verdict", verdict).serviceLevelObjectives(slo())
                    .register(registry).record(took);
        }
    }

    public void databaseError() {
        databaseErrors.incrementAndGet();
    }

    /** Measures the stages of one run from its events (stage-started → stage-finished); quick and thread-safe. */
    public RunListener listener() {
        Map<String, Instant> started = new ConcurrentHashMap<>();
        return event -> {
            if (event.stage() == null) return;
            if ("stage-started".equals(event.type())) {
                started.put(event.stage(), event.at());
            } else if ("stage-finished".equals(event.type())) {
                Instant t0 = started.remove(event.stage());
                if (t0 == null) return; // skipped stages never started
                Timer.builder(PREFIX + "stage.duration").description("Wall time of a pipeline stage")
                        .tag("stage", event.stage()).serviceLevelObjectives(slo())
                        .register(registry).record(Duration.between(t0, event.at()));
            }
        };
    }

    private static Duration[] slo() {
        var d = new Duration[SECONDS.length];
        for (int i = 0; i < SECONDS.length; i++) d[i] = Duration.ofMillis((long) (SECONDS[i] * 1000));
        return d;
    }

    /**
     * How many distinct app names get series of their own; later ones share {@link #OTHER_APPS}. App names come from
     * specs: a token looping {@code app: a-$i} would otherwise register series (and memory) without bound.
     */
    static final int MAX_APPS = 200;
    static final String OTHER_APPS = "other";
    private final Set<String> apps = ConcurrentHashMap.newKeySet();

    /** App names come from specs; bound their length so a careless one cannot bloat every series, and their number. */
    String label(String app) {
        if (app == null || app.isBlank()) return "unknown";
        String name = app.length() > 64 ? app.substring(0, 64) : app;
        if (apps.contains(name)) return name;
        synchronized (apps) {
            if (apps.size() >= MAX_APPS) return OTHER_APPS;
            apps.add(name);
            return name;
        }
    }

    private double guarded(LongSupplier read) {
        try {
            return read.getAsLong();
        } catch (RuntimeException e) {
            databaseError();
            return Double.NaN;
        }
    }

    /** A value read at most once per {@code ttl}. */
    private static final class Cached {
        private final long ttlNanos;
        private volatile long readAt;
        private volatile double value = Double.NaN;

        Cached(Duration ttl) {
            this.ttlNanos = ttl.toNanos();
        }

        synchronized double get(IntSupplier read) {
            long now = System.nanoTime();
            if (Double.isNaN(value) || now - readAt > ttlNanos) {
                value = read.getAsInt();
                readAt = now;
            }
            return value;
        }
    }
}
