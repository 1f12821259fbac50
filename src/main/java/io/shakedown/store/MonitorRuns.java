package io.shakedown.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The reads of {@code validation_run} a monitor needs (its history, uptime, last run, last screenshot, and the
 * finished runs it has not counted yet), as rows of this package: {@code store} owns the table, {@code monitor} shapes what it reads. The
 * runs themselves are created, counted and released by {@link RunStore}, pruned by {@link RunRetention}. Callers run
 * inside a transaction (the monitor's evaluation locks its monitor row in the same one).
 */
@ApplicationScoped
public class MonitorRuns {
    private static final String FINISHED = "status in ('PASSED', 'FAILED', 'ERROR', 'CANCELLED')";

    @Inject Sql sql;

    /** One run of a monitor as its history lists it; {@code figures} is the kept figures' JSON, {@code kept} whether the full report still is. */
    public record HistoryRow(UUID id, String status, String summary, Instant scheduledAt, Instant startedAt, Instant finishedAt,
                             boolean inMaintenance, String figures, boolean kept) {}

    /** A monitor's finished runs over the last day, week and 30 days: passed and counted (runs in maintenance left out). */
    public record UptimeCounts(long passedDay, long day, long passedWeek, long week, long passedMonth, long month) {}

    /** How a run ended, in short. */
    public record LastRun(UUID id, String status, String summary, Instant finishedAt) {}

    /** A finished monitor run not counted into its monitor's state yet, with its report (null once pruned). */
    public record Uncounted(UUID id, String status, String summary, String report, boolean inMaintenance, Instant startedAt, Instant finishedAt) {}

    /** The monitor's newest {@code limit} runs, newest first. */
    public List<HistoryRow> history(UUID monitorId, int limit) {
        return sql.list("""
                select id, status, summary, scheduled_at, started_at, finished_at, in_maintenance, cast(figures as text) as figures,
                       report is not null as kept
                  from validation_run where monitor_id = ? order by created_at desc limit ?""",
                rs -> new HistoryRow(Sql.uuid(rs, "id"), rs.getString("status"), rs.getString("summary"), Sql.instant(rs, "scheduled_at"),
                        Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"), rs.getBoolean("in_maintenance"),
                        rs.getString("figures"), rs.getBoolean("kept")), monitorId, limit);
    }

    /** Uptime counts per monitor of {@code project} (null: any), or of the one monitor {@code only} (null: all); from the summary rows, so they survive retention. */
    public Map<UUID, UptimeCounts> uptimes(String project, UUID only) {
        Map<UUID, UptimeCounts> out = new HashMap<>();
        sql.list("""
                select r.monitor_id,
                       count(*) filter (where r.status = 'PASSED' and r.created_at > now() - interval '24 hours') as p1,
                       count(*) filter (where r.created_at > now() - interval '24 hours') as n1,
                       count(*) filter (where r.status = 'PASSED' and r.created_at > now() - interval '7 days') as p7,
                       count(*) filter (where r.created_at > now() - interval '7 days') as n7,
                       count(*) filter (where r.status = 'PASSED') as p30,
                       count(*) as n30
                  from validation_run r join monitor m on m.id = r.monitor_id
                 where r.created_at > now() - interval '30 days' and not r.in_maintenance and r.status in ('PASSED', 'FAILED')
                   and (cast(? as varchar) is null or m.project = ?) and (cast(? as uuid) is null or m.id = ?)
                 group by r.monitor_id""", rs -> {
            out.put(Sql.uuid(rs, "monitor_id"), new UptimeCounts(rs.getLong("p1"), rs.getLong("n1"), rs.getLong("p7"), rs.getLong("n7"),
                    rs.getLong("p30"), rs.getLong("n30")));
            return null;
        }, project, project, only, only);
        return out;
    }

    /** These runs, in short (one query: the monitors page shows every monitor's last run). */
    public List<LastRun> lastRuns(Collection<UUID> ids) {
        if (ids.isEmpty()) return List.of();
        String array = ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        return sql.list("select id, status, summary, finished_at from validation_run where id = any(cast(? as uuid[]))",
                rs -> new LastRun(Sql.uuid(rs, "id"), rs.getString("status"), rs.getString("summary"), Sql.instant(rs, "finished_at")), array);
    }

    /** Monitors with finished runs not counted yet (at most {@code limit}). */
    public List<UUID> monitorsWithUncountedRuns(int limit) {
        // a deleted monitor's runs are released by RunStore.releaseMonitorRuns; "monitor_id is not null" keeps any left by
        // older versions (which cleared them at every evaluation) out of the way
        return sql.list("select distinct monitor_id from validation_run where monitor_pending and monitor_id is not null and "
                + FINISHED + " limit ?", rs -> Sql.uuid(rs, "monitor_id"), limit);
    }

    /** The monitor's finished runs not counted yet, in the order they finished. */
    public List<Uncounted> uncounted(UUID monitorId) {
        return sql.list("""
                select id, status, summary, cast(report as text) as report, in_maintenance, started_at, finished_at
                  from validation_run
                 where monitor_id = ? and monitor_pending and %s
                 order by finished_at, scheduled_at""".formatted(FINISHED),
                rs -> new Uncounted(Sql.uuid(rs, "id"), rs.getString("status"), rs.getString("summary"), rs.getString("report"),
                        rs.getBoolean("in_maintenance"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at")), monitorId);
    }

    /** A run with its report's browser section (JSON). */
    public record BrowserRow(UUID id, String status, Instant finishedAt, String browser) {}

    /** The monitor's newest run whose browser stage took a screenshot (a page's or a browser flow's). */
    public Optional<BrowserRow> newestWithScreenshot(UUID monitorId) {
        return sql.one("""
                select id, status, finished_at, cast(report->'browser' as text) as browser from validation_run
                 where monitor_id = ? and jsonb_path_exists(report, '$.browser.** ? (exists(@.screenshot))')
                 order by created_at desc limit 1""",
                rs -> new BrowserRow(Sql.uuid(rs, "id"), rs.getString("status"), Sql.instant(rs, "finished_at"), rs.getString("browser")), monitorId);
    }

    /** When the run started; empty when it is gone or never started. */
    public Optional<Instant> startedAt(UUID runId) {
        return sql.one("select started_at from validation_run where id = ?", rs -> Sql.instant(rs, "started_at"), runId);
    }
}
