package io.shakedown.monitor;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One run a minute is 525 600 runs a year per monitor. Monitor runs older than
 * {@code shakedown.monitors.retention.report-age} keep their summary row (verdict, summary, times, figures) and lose
 * the full report and their copy of the spec; rows older than {@code row-age} go entirely. Submitted (non-monitor)
 * runs are never touched. Works in batches so no statement holds many locks for long.
 */
@ApplicationScoped
public class MonitorRetention {

    private static final Logger LOG = Logger.getLogger(MonitorRetention.class);
    static final int BATCH = 5000;

    @Inject MonitorStore store;
    @Inject MonitorSettings monitorSettings;

    public record Pruned(long reportsDropped, long rowsDeleted) {}

    @Scheduled(every = "${shakedown.monitors.retention.every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${shakedown.monitors.retention.delay:1m}")
    void scheduled() {
        if (!monitorSettings.enabled()) return;
        try {
            Pruned p = prune(monitorSettings.retention().reportAge(), monitorSettings.retention().rowAge());
            if (p.reportsDropped() + p.rowsDeleted() > 0) LOG.infof("retention: %d monitor reports dropped, %d rows deleted", p.reportsDropped(), p.rowsDeleted());
        } catch (RuntimeException e) {
            LOG.warn("monitor retention failed; retrying at the next interval", e);
        }
    }

    public Pruned prune(Duration reportAge, Duration rowAge) {
        long dropped = 0, deleted = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> store.db().update("""
                    update validation_run set report = null, spec_text = '', spec_files = null, report_pruned_at = now()
                     where id in (select id from validation_run
                                   where monitor_id is not null and report_pruned_at is null and not monitor_pending
                                     and finished_at < now() - (? * interval '1 millisecond') limit ?)""",
                    reportAge.toMillis(), BATCH));
            dropped += n;
        } while (n == BATCH);
        do {
            n = QuarkusTransaction.requiringNew().call(() -> store.db().update("""
                    delete from validation_run where id in (select id from validation_run
                      where monitor_id is not null and not monitor_pending and finished_at < now() - (? * interval '1 millisecond') limit ?)""",
                    rowAge.toMillis(), BATCH));
            deleted += n;
        } while (n == BATCH);
        return new Pruned(dropped, deleted);
    }
}
