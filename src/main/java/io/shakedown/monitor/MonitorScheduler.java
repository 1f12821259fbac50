package io.shakedown.monitor;

import io.shakedown.store.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import io.shakedown.service.RunSubmissions;
import io.shakedown.store.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns due monitor ticks into ordinary QUEUED runs through {@link RunSubmissions} (same queue, engine, report, events
 * and metrics as a submitted spec), tagged with the monitor and the tick's time. Every replica runs this loop; they never start a tick twice because
 * (1) due monitors are locked FOR UPDATE SKIP LOCKED and their next tick advanced in the same transaction, and
 * (2) the database's unique key on (monitor_id, scheduled_at) refuses a second run of the same tick outright.
 *
 * <ul>
 * <li>A tick that finds the monitor's previous run still QUEUED or RUNNING is recorded in monitor_skip, not run.</li>
 * <li>After downtime only the latest missed tick runs (one catch-up), the ones before it are passed over.</li>
 * </ul>
 */
@ApplicationScoped
public class MonitorScheduler {

    private static final Logger LOG = Logger.getLogger(MonitorScheduler.class);
    static final int BATCH = 200;

    @Inject MonitorStore store;
    @Inject RunSubmissions submissions;
    @Inject RunStore runs;
    @Inject MonitorSettings monitorSettings;

    /** What one pass did. */
    public record Pass(List<UUID> runs, int skipped, int missedTicks) {}

    private volatile boolean running;
    private Thread loop;

    /**
     * Its own thread rather than {@code @Scheduled}: Quarkus' simple scheduler checks triggers once a second, which
     * alone would add up to a second (measured p95 1.7 s) to every tick. This loop sleeps until the earliest due tick
     * (at most {@code tick-every}), so runs start within milliseconds of their tick.
     */
    void start(@Observes StartupEvent event) {
        if (!monitorSettings.enabled()) return;
        running = true;
        loop = Thread.ofPlatform().daemon().name("shakedown-monitor-scheduler").start(this::loop);
    }

    @PreDestroy
    void stop() {
        running = false;
        if (loop != null) loop.interrupt();
    }

    /** Look for due ticks now (a monitor was created, changed or resumed). */
    public void nudge() {
        synchronized (this) {
            notifyAll();
        }
    }

    private void loop() {
        while (running) {
            long waitMs = monitorSettings.tickEvery().toMillis();
            try {
                Pass p = tick();
                Long untilNext = QuarkusTransaction.requiringNew().call(() -> store.db().one(
                        "select cast(extract(epoch from min(next_tick_at) - now()) * 1000 as bigint) as ms from monitor where not paused",
                        rs -> (Long) rs.getObject("ms"), new Object[0]).orElse(null));
                if (untilNext != null) waitMs = Math.max(2, Math.min(waitMs, untilNext + 2));
            } catch (RuntimeException e) {
                LOG.warn("monitor scheduling pass failed; retrying shortly", e);
            }
            try {
                synchronized (this) {
                    if (running) wait(waitMs);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One scheduling pass over every due monitor (public so tests can drive several "replicas" at once). */
    public Pass tick() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Sql db = store.db();
            Instant now = db.one("select now() as t", rs -> Sql.instant(rs, "t"), new Object[0]).orElseThrow();
            List<MonitorRow> due = db.list("select " + MonitorStore.COLUMNS + " from monitor where not paused and next_tick_at <= ?"
                    + " order by next_tick_at limit " + BATCH + " for update skip locked", MonitorStore::row, now);
            List<UUID> runs = new ArrayList<>();
            int skipped = 0, missed = 0;
            for (MonitorRow m : due) {
                Schedule schedule = Schedule.of(m.definition(), m.id());
                Instant tick = schedule.latestAtOrBefore(now);
                if (tick.isBefore(m.nextTickAt())) tick = m.nextTickAt();
                // ticks between the one that was due and the latest one are passed over: one catch-up, not one per tick
                for (Instant t = m.nextTickAt(); t.isBefore(tick) && missed < 100_000; t = schedule.nextAfter(t)) missed++;
                Optional<String> going = stillGoing(m.lastRunId());
                UUID runId = null;
                if (going.isPresent()) {
                    db.update("insert into monitor_skip (monitor_id, scheduled_at, reason, recorded_at) values (?, ?, ?, ?)"
                            + " on conflict do nothing", m.id(), tick, "previous run " + m.lastRunId() + " still " + going.get(), now);
                    skipped++;
                } else {
                    runId = submit(m, tick);
                    if (runId != null) runs.add(runId);
                }
                db.update("update monitor set next_tick_at = ?, last_run_id = coalesce(?, last_run_id) where id = ?",
                        schedule.nextAfter(now), runId, m.id());
            }
            return new Pass(runs, skipped, missed);
        });
    }

    /** "Run now": a run at the database's current time; empty when the previous run is still going. */
    public Optional<UUID> runNow(MonitorRow m) {
        Optional<UUID> id = QuarkusTransaction.requiringNew().call(() -> {
            Sql db = store.db();
            MonitorRow locked = db.one("select " + MonitorStore.COLUMNS + " from monitor where id = ? for update", MonitorStore::row, m.id())
                    .orElseThrow();
            if (stillGoing(locked.lastRunId()).isPresent()) return Optional.<UUID>empty();
            Instant now = db.one("select now() as t", rs -> Sql.instant(rs, "t"), new Object[0]).orElseThrow();
            UUID run = submit(locked, now);
            db.update("update monitor set last_run_id = ? where id = ?", run, m.id());
            return Optional.ofNullable(run);
        });
        return id;
    }

    /** The status of a monitor's previous run when it is still QUEUED or RUNNING (a monitor never overlaps itself). */
    private Optional<String> stillGoing(UUID lastRunId) {
        if (lastRunId == null) return Optional.empty();
        return runs.status(lastRunId).filter(status -> !status.isTerminal()).map(Enum::name);
    }

    /** The run of one tick, or null when that tick already has its run (another replica got there first). */
    private UUID submit(MonitorRow m, Instant tick) {
        return submissions.submitTick(m.id(), m.project(), m.definition().spec(), m.specText(), tick, inMaintenance(m.definition(), tick))
                .orElse(null);
    }

    static boolean inMaintenance(MonitorDefinition d, Instant t) {
        return d.maintenance().stream().anyMatch(w -> Schedule.inWindow(w, t));
    }
}
