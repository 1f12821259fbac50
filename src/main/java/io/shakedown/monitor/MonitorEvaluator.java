package io.shakedown.monitor;

import io.shakedown.store.MonitorRuns;
import io.shakedown.store.RunStore;
import io.shakedown.store.Sql;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves monitors' states from their finished runs ({@link StateMachine}), keeps incidents, and raises alerts
 * (one per change of state, plus reminders) with one delivery per channel for {@link AlertDeliverer}. Works from
 * the database (runs marked {@code monitor_pending}), so it does not matter which replica executed a run, and a
 * run closed by recovery is counted like any other. Each monitor is locked while it is evaluated (SKIP LOCKED:
 * replicas share the work).
 */
@ApplicationScoped
public class MonitorEvaluator {

    private static final Logger LOG = Logger.getLogger(MonitorEvaluator.class);

    @Inject MonitorStore store;
    @Inject RunStore runStore;
    @Inject MonitorRuns monitorRuns;
    @Inject MonitorSettings monitorSettings;

    @Scheduled(every = "${shakedown.monitors.tick-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "2s")
    void poll() {
        if (!monitorSettings.enabled()) return;
        try {
            evaluatePending();
            remind();
        } catch (RuntimeException e) {
            LOG.warn("monitor evaluation pass failed; retrying on the next tick", e);
        }
    }

    /** Applies every finished, not yet counted monitor run; returns how many monitors were updated. */
    public int evaluatePending() {
        List<UUID> monitors = QuarkusTransaction.requiringNew().call(() -> monitorRuns.monitorsWithUncountedRuns(500));
        int n = 0;
        for (UUID id : monitors) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> evaluate(id))) n++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "monitor %s: could not update its state; retrying on the next tick", id);
            }
        }
        return n;
    }

    private boolean evaluate(UUID monitorId) {
        Sql db = store.db();
        var locked = db.one("select " + MonitorStore.COLUMNS + " from monitor where id = ? for update skip locked", MonitorStore::row, monitorId);
        if (locked.isEmpty()) return false;
        MonitorRow m = locked.get();
        List<MonitorRuns.Uncounted> runs = monitorRuns.uncounted(monitorId);
        StateMachine.Counters c = m.counters();
        UUID streak = m.streakRunId();
        Instant since = m.stateSince();
        String reason = m.stateReason();
        Instant lastAlert = m.lastAlertAt();
        MonitorDefinition d = m.definition();
        for (MonitorRuns.Uncounted r : runs) {
            JsonNode report = parse(r.report());
            RunFigures figures = RunFigures.of(report);
            StateMachine.Outcome outcome = outcome(r, d, figures);
            boolean failing = outcome == StateMachine.Outcome.FAILED || outcome == StateMachine.Outcome.ERROR;
            if (failing && c.failures() == 0 && c.errors() == 0) streak = r.id();
            StateMachine.Step step = StateMachine.apply(c, outcome, d.failureThreshold(), d.successThreshold(),
                    r.summary() == null ? r.status() : r.summary());
            Instant at = r.finishedAt() == null ? Instant.now() : r.finishedAt();
            if (step.changed()) {
                db.update("update monitor_incident set ended_at = ? where monitor_id = ? and ended_at is null", at, monitorId);
                MonitorState to = step.next().state();
                if (to == MonitorState.DOWN || to == MonitorState.DEGRADED || to == MonitorState.UNKNOWN) {
                    UUID first = to == MonitorState.DEGRADED ? r.id() : streak != null ? streak : r.id();
                    Instant start = monitorRuns.startedAt(first).orElse(at);
                    db.update("insert into monitor_incident (id, monitor_id, state, reason, started_at, first_run_id) values (?, ?, ?, ?, ?, ?)",
                            UUID.randomUUID(), monitorId, to, step.reason(), start == null ? at : start, first);
                }
                since = at;
            }
            if (step.reason() != null) reason = step.reason();
            if (step.alert() != null) {
                raise(db, m, step.alert(), c.state(), step.next().state(), reason, r.id(), r.status(), r.summary(), report, at);
                lastAlert = at;
            }
            if (outcome == StateMachine.Outcome.PASSED || outcome == StateMachine.Outcome.DEGRADED) streak = null;
            c = step.next();
            runStore.monitorCounted(r.id(), figures == null ? null : MonitorJson.write(figures));
        }
        db.update("""
                update monitor set state = ?, settled = ?, failures = ?, successes = ?, errors = ?, state_since = ?, state_reason = ?,
                       streak_run_id = ?, last_alert_at = ? where id = ?""",
                c.state(), c.settled(), c.failures(), c.successes(), c.errors(), since, reason, streak, lastAlert, monitorId);
        return true;
    }

    private static StateMachine.Outcome outcome(MonitorRuns.Uncounted r, MonitorDefinition d, RunFigures f) {
        return outcome(r.status(), r.inMaintenance(), d, f);
    }

    static StateMachine.Outcome outcome(String status, boolean maintenance, MonitorDefinition d, RunFigures f) {
        if (maintenance) return StateMachine.Outcome.IGNORED;
        return switch (status) {
            case "FAILED" -> StateMachine.Outcome.FAILED;
            case "ERROR" -> StateMachine.Outcome.ERROR;
            case "PASSED" -> {
                boolean slow = d.degradedAfter() != null && f != null && f.slowestMs() != null && f.slowestMs() > d.degradedAfter().toMillis();
                boolean warned = d.degradedOnWarnings() && f != null && f.warnings() > 0;
                yield slow || warned ? StateMachine.Outcome.DEGRADED : StateMachine.Outcome.PASSED;
            }
            default -> StateMachine.Outcome.IGNORED; // CANCELLED
        };
    }

    /** Records an alert and one PENDING delivery per channel. */
    private void raise(Sql db, MonitorRow m, String kind, MonitorState from, MonitorState to, String reason, UUID runId,
                       String runStatus, String runSummary, JsonNode report, Instant at) {
        ObjectNode payload = AlertPayload.build(m, kind, from, to, reason, runId, runStatus, runSummary, report, at, linkBase());
        UUID alert = UUID.randomUUID();
        db.update("insert into monitor_alert (id, monitor_id, kind, from_state, to_state, run_id, payload, created_at)"
                + " values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)", alert, m.id(), kind, from, to, runId, MonitorJson.write(payload), Instant.now());
        List<MonitorDefinition.Channel> channels = m.definition().channels();
        for (int i = 0; i < channels.size(); i++) {
            db.update("insert into alert_delivery (id, alert_id, monitor_id, channel, channel_type, status, next_attempt_at, created_at)"
                    + " values (?, ?, ?, ?, ?, 'PENDING', now(), now())", UUID.randomUUID(), alert, m.id(), channels.get(i).label(i), channels.get(i).type());
        }
        LOG.infof("monitor %s: %s (%s -> %s), %d channel(s)", m.name(), kind, from, to, channels.size());
    }

    /** Reminders while a monitor stays DOWN ({@code alerts.remindEvery}). */
    void remind() {
        List<UUID> down = QuarkusTransaction.requiringNew().call(() -> store.db().list("""
                select id from monitor where state = 'DOWN' and not paused and definition ->> 'remindEvery' is not null""",
                rs -> Sql.uuid(rs, "id")));
        for (UUID id : down) {
            QuarkusTransaction.requiringNew().run(() -> {
                Sql db = store.db();
                var row = db.one("select " + MonitorStore.COLUMNS + " from monitor where id = ? and state = 'DOWN' for update skip locked",
                        MonitorStore::row, id);
                if (row.isEmpty()) return;
                MonitorRow m = row.get();
                Duration every = m.definition().remindEvery();
                Instant last = m.lastAlertAt() == null ? m.stateSince() : m.lastAlertAt();
                Instant now = Instant.now();
                if (every == null || last.plus(every).isAfter(now)) return;
                raise(db, m, "REMINDER", MonitorState.DOWN, MonitorState.DOWN, m.stateReason(), m.lastRunId(), null, null, null, now);
                db.update("update monitor set last_alert_at = ? where id = ?", now, id);
            });
        }
    }

    private String linkBase() {
        return monitorSettings.publicUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse("");
    }

    private static JsonNode parse(String json) {
        if (json == null) return null;
        try {
            return MonitorJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
