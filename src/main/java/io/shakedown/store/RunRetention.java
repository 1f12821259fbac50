package io.shakedown.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Retention of runs. Submitted runs ({@link #prune}): finished runs older than the
 * report age keep their summary row — verdict, summary, times, target, key figures — and lose the full report, their
 * copy of the spec and their files; rows older than the row age go entirely. A project may have its own ages. The
 * runs a pinned performance baseline is made of keep everything. The performance samples of runs that are gone (deleted
 * here or by monitor retention) go too: without it performance_baseline grew by a row per passing load run forever.
 * Works in batches so no statement holds many locks for long; returns the ids whose reports went, so their load
 * reports go with them. Monitor runs have ages of their own ({@link #pruneMonitorRuns}, scheduled by
 * monitor.MonitorRetention).
 */
@ApplicationScoped
public class RunRetention {
    static final int BATCH = 2000;

    @Inject Sql sql;

    /** Report age and row age (the row age at least the report age). */
    public record Ages(Duration reportAge, Duration rowAge) {}

    /**
     * What one pass removed: runs that lost their report, runs deleted (both include the deleted ones' ids), and the
     * number of performance samples whose run is gone.
     */
    public record Pruned(List<UUID> reportsDropped, List<UUID> rowsDeleted, int samplesDeleted) {}

    /** {@code perProject}: projects with their own ages; every other run (and runs without a project) gets {@code defaults}. */
    public Pruned prune(Ages defaults, Map<String, Ages> perProject) {
        var dropped = new ArrayList<UUID>();
        var deleted = new ArrayList<UUID>();
        String others = String.join("\n", perProject.keySet());
        // the default ages for every project without its own, then each project with its own
        pass(defaults, "coalesce(project, '') <> all (string_to_array(?, E'\\n'))", others, dropped, deleted);
        perProject.forEach((project, ages) -> pass(ages, "project = ?", project, dropped, deleted));
        return new Pruned(dropped, deleted, deleteOrphanSamples());
    }

    /** Unpinned samples whose run no longer exists (a pinned sample's run is never deleted, see {@link #pass}). */
    private int deleteOrphanSamples() {
        int total = 0, batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> sql.update("""
                    delete from performance_baseline where id in (
                        select b.id from performance_baseline b
                         where not b.pinned and not exists (select 1 from validation_run r where r.id = b.run_id)
                         limit ?)""", BATCH));
            total += batch;
        } while (batch == BATCH);
        return total;
    }

    private void pass(Ages ages, String projectFilter, String projectParam, List<UUID> dropped, List<UUID> deleted) {
        String candidates = """
                select id from validation_run
                 where monitor_id is null and status in ('PASSED', 'FAILED', 'ERROR', 'CANCELLED')
                   and finished_at < now() - (? * interval '1 millisecond')
                   and %s
                   and id not in (select run_id from performance_baseline where pinned)
                """.formatted(projectFilter);
        List<UUID> batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> sql.list("""
                    update validation_run
                       set report = null, spec_text = '', spec_files = null, report_pruned_at = now(),
                           figures = coalesce(figures, jsonb_strip_nulls(jsonb_build_object(
                               'durationMs', report -> 'durationMs',
                               'readyMs', report #> '{readiness,durationMs}',
                               'requests', case when jsonb_typeof(report -> 'checks') = 'array' then jsonb_array_length(report -> 'checks') end,
                               'failedRequests', case when jsonb_typeof(report -> 'checks') = 'array' then
                                   (select count(*) from jsonb_array_elements(report -> 'checks') c where c ->> 'status' <> 'PASSED') end)))
                     where id in (%s and report_pruned_at is null limit ?)
                    returning id""".formatted(candidates), rs -> rs.getObject(1, UUID.class), ages.reportAge().toMillis(), projectParam, BATCH));
            dropped.addAll(batch);
        } while (batch.size() == BATCH);
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> sql.list("""
                    delete from validation_run where id in (%s limit ?) returning id""".formatted(candidates),
                    rs -> rs.getObject(1, UUID.class), ages.rowAge().toMillis(), projectParam, BATCH));
            deleted.addAll(batch);
        } while (batch.size() == BATCH);
    }

    /** What a pass over monitor runs removed: how many lost their report, how many rows went. */
    public record MonitorPruned(long reportsDropped, long rowsDeleted) {}

    /**
     * Monitor runs older than {@code reportAge} keep their summary row (verdict, summary, times, the figures their
     * monitor kept when it counted them) and lose the full report and their copy of the spec; rows older than
     * {@code rowAge} go. Runs their monitor has not counted yet are left alone. Batches of {@code batch}, one
     * transaction each.
     */
    public MonitorPruned pruneMonitorRuns(Duration reportAge, Duration rowAge, int batch) {
        long dropped = 0, deleted = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> sql.update("""
                    update validation_run set report = null, spec_text = '', spec_files = null, report_pruned_at = now()
                     where id in (select id from validation_run
                                   where monitor_id is not null and report_pruned_at is null and not monitor_pending
                                     and finished_at < now() - (? * interval '1 millisecond') limit ?)""",
                    reportAge.toMillis(), batch));
            dropped += n;
        } while (n == batch);
        do {
            n = QuarkusTransaction.requiringNew().call(() -> sql.update("""
                    delete from validation_run where id in (select id from validation_run
                      where monitor_id is not null and not monitor_pending and finished_at < now() - (? * interval '1 millisecond') limit ?)""",
                    rowAge.toMillis(), batch));
            deleted += n;
        } while (n == batch);
        return new MonitorPruned(dropped, deleted);
    }
}
