package io.shakedown.monitor;

import io.shakedown.store.MonitorRuns;
import io.shakedown.store.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shakedown.service.ShakedownConfig;
import io.shakedown.spec.Units;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Monitors as people see them: list with state and uptime, one monitor's history (uptime 24 h / 7 d / 30 d,
 * incidents, last runs, skipped ticks), its alerts and deliveries, its badge. The API and the web UI both call this.
 * {@code project} null means authentication is off (every monitor is visible).
 */
@ApplicationScoped
public class MonitorService {

    public static final String BASE = "/api/v1/monitors";

    @Inject MonitorStore store;
    @Inject MonitorScheduler scheduler;
    @Inject MonitorRuns monitorRuns;
    @Inject ShakedownConfig config;

    public List<MonitorViews.Monitor> list(String project) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<MonitorRow> rows = store.list(project);
            Map<UUID, MonitorViews.Uptime> uptime = uptimes(project, null);
            Map<UUID, MonitorViews.LastRun> last = lastRuns(rows);
            return rows.stream().map(m -> view(m, uptime.get(m.id()), last.get(m.id()))).toList();
        });
    }

    public Optional<MonitorViews.Monitor> get(String ref, String project) {
        return QuarkusTransaction.joiningExisting().call(() -> store.resolve(ref, project).map(this::view));
    }

    public MonitorViews.Monitor view(MonitorRow m) {
        return view(m, uptimes(m.project(), m.id()).get(m.id()), lastRuns(List.of(m)).get(m.id()));
    }

    /** Pauses or resumes; the monitor as it is now. */
    public MonitorViews.Monitor setPaused(MonitorRow m, boolean paused) {
        store.setPaused(m.id(), paused);
        if (!paused) scheduler.nudge(); // a resumed monitor may be due at once; a paused one has nothing to schedule
        return view(store.find(m.id(), null).orElseThrow());
    }

    /** "Run now": the new run's id; empty when the previous run is still going (a monitor never overlaps itself). */
    public Optional<UUID> runNow(MonitorRow m) {
        return scheduler.runNow(m);
    }

    public MonitorViews.History history(MonitorRow m, int runs) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Sql db = store.db();
            MonitorViews.Monitor view = view(m);
            List<MonitorViews.Incident> incidents = db.list("""
                    select id, state, reason, started_at, ended_at, first_run_id from monitor_incident
                     where monitor_id = ? order by started_at desc limit 50""", rs -> {
                Instant start = Sql.instant(rs, "started_at"), end = Sql.instant(rs, "ended_at");
                UUID first = Sql.uuid(rs, "first_run_id");
                return new MonitorViews.Incident(Sql.uuid(rs, "id"), MonitorState.valueOf(rs.getString("state")), rs.getString("reason"),
                        start, end, Duration.between(start, end == null ? Instant.now() : end).toMillis(), end == null, first,
                        first == null ? null : "/api/v1/validations/" + first);
            }, m.id());
            List<MonitorViews.Run> last = monitorRuns.history(m.id(), runs).stream().map(MonitorService::run).toList();
            List<MonitorViews.Skip> skipped = db.list("select scheduled_at, reason from monitor_skip where monitor_id = ?"
                    + " order by scheduled_at desc limit 20", rs -> new MonitorViews.Skip(Sql.instant(rs, "scheduled_at"), rs.getString("reason")), m.id());
            return new MonitorViews.History(view, view.uptime(), incidents, last, skipped);
        });
    }

    /** The newest screenshot of {@code m}'s runs (see {@link MonitorViews.Screenshot}); empty when none of them took one. */
    public Optional<MonitorViews.Screenshot> lastScreenshot(MonitorRow m) {
        return QuarkusTransaction.joiningExisting().call(() -> monitorRuns.newestWithScreenshot(m.id())
                .flatMap(r -> LastScreenshot.of(r.id(), r.status(), r.finishedAt(), r.browser())));
    }

    public List<MonitorViews.Alert> alerts(MonitorRow m, int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Map<UUID, List<MonitorViews.Delivery>> byAlert = new HashMap<>();
            deliveries(m, 10 * limit).forEach(d -> byAlert.computeIfAbsent(d.alertId(), k -> new ArrayList<>()).add(d));
            return store.db().list("""
                    select id, kind, from_state, to_state, run_id, created_at, cast(payload as text) as payload from monitor_alert
                     where monitor_id = ? order by created_at desc limit ?""",
                    rs -> new MonitorViews.Alert(Sql.uuid(rs, "id"), rs.getString("kind"), MonitorState.valueOf(rs.getString("from_state")),
                            MonitorState.valueOf(rs.getString("to_state")), Sql.uuid(rs, "run_id"), Sql.instant(rs, "created_at"),
                            rs.getString("payload"), byAlert.getOrDefault(Sql.uuid(rs, "id"), List.of())), m.id(), limit);
        });
    }

    public List<MonitorViews.Delivery> deliveries(MonitorRow m, int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> store.db().list("""
                select id, alert_id, channel, channel_type, status, attempts, last_status, last_error, next_attempt_at, delivered_at, created_at
                  from alert_delivery where monitor_id = ? order by created_at desc, channel limit ?""",
                rs -> new MonitorViews.Delivery(Sql.uuid(rs, "id"), Sql.uuid(rs, "alert_id"), rs.getString("channel"), rs.getString("channel_type"),
                        rs.getString("status"), rs.getInt("attempts"), (Integer) rs.getObject("last_status"), rs.getString("last_error"),
                        "PENDING".equals(rs.getString("status")) ? Sql.instant(rs, "next_attempt_at") : null, Sql.instant(rs, "delivered_at"),
                        Sql.instant(rs, "created_at")), m.id(), limit));
    }

    /** The badge SVG: the state and the 30-day uptime. */
    public String badge(MonitorRow m) {
        MonitorViews.Uptime u = uptimes(m.project(), m.id()).get(m.id()); // the uptime alone: a badge is fetched often
        String message = m.state().name().toLowerCase() + (u == null || u.month() == null ? "" : " " + String.format(Locale.ROOT, "%.2f%%", u.month()));
        return Badge.svg(m.name(), message, Badge.color(m.state()));
    }

    private static MonitorViews.Run run(MonitorRuns.HistoryRow r) {
        Instant scheduled = r.scheduledAt(), started = r.startedAt(), finished = r.finishedAt();
        return new MonitorViews.Run(r.id(), r.status(), r.summary(), scheduled, started, finished,
                started != null && finished != null ? Duration.between(started, finished).toMillis() : null,
                started != null && scheduled != null ? Duration.between(scheduled, started).toMillis() : null,
                r.inMaintenance(), r.figures(), r.kept(), "/api/v1/validations/" + r.id());
    }

    MonitorViews.Monitor view(MonitorRow m, MonitorViews.Uptime uptime, MonitorViews.LastRun last) {
        MonitorDefinition d = m.definition().withoutSecrets();
        var links = new LinkedHashMap<String, String>();
        String self = BASE + "/" + m.id();
        links.put("self", self);
        links.put("history", self + "/history");
        links.put("alerts", self + "/alerts");
        links.put("deliveries", self + "/deliveries");
        links.put("badge", self + "/badge.svg" + (m.badgeKey() != null ? "?key=" + m.badgeKey() : ""));
        return new MonitorViews.Monitor(m.id(), m.name(), m.project(), m.state(), m.stateReason(), m.stateSince(), m.paused(),
                MonitorScheduler.inMaintenance(d, Instant.now()), d.every() == null ? null : Units.format(d.every()), d.cron(), d.timezone(),
                m.paused() ? null : m.nextTickAt(), d.failureThreshold(), d.successThreshold(),
                d.degradedAfter() == null ? null : Units.format(d.degradedAfter()), d.degradedOnWarnings(),
                d.remindEvery() == null ? null : Units.format(d.remindEvery()), d.channels(), d.maintenance(), d.isPublic(),
                uptime == null ? new MonitorViews.Uptime(null, null, null) : uptime, last, d.spec(), m.createdAt(), m.updatedAt(), links);
    }

    /** Uptime per monitor of the project (or of one monitor), from the summary rows (so it survives retention). */
    private Map<UUID, MonitorViews.Uptime> uptimes(String project, UUID only) {
        Map<UUID, MonitorViews.Uptime> out = new HashMap<>();
        monitorRuns.uptimes(project, only).forEach((id, c) -> out.put(id, new MonitorViews.Uptime(
                pct(c.passedDay(), c.day()), pct(c.passedWeek(), c.week()), pct(c.passedMonth(), c.month()))));
        return out;
    }

    /** The last run of each monitor, in one query (not one per monitor: the list page shows them all). */
    private Map<UUID, MonitorViews.LastRun> lastRuns(List<MonitorRow> rows) {
        Map<UUID, UUID> monitorOfRun = new HashMap<>();
        for (MonitorRow m : rows) if (m.lastRunId() != null) monitorOfRun.put(m.lastRunId(), m.id());
        Map<UUID, MonitorViews.LastRun> out = new HashMap<>();
        monitorRuns.lastRuns(monitorOfRun.keySet()).forEach(l ->
                out.put(monitorOfRun.get(l.id()), new MonitorViews.LastRun(l.id(), l.status(), l.summary(), l.finishedAt())));
        return out;
    }

    private static Double pct(long passed, long total) {
        return total == 0 ? null : Math.round(10000.0 * passed / total) / 100.0;
    }
}
