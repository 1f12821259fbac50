package io.shakedown.monitor;

import io.quarkus.scheduler.Scheduled;
import io.shakedown.store.RunRetention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One run a minute is 525 600 runs a year per monitor. Monitor runs older than
 * {@code shakedown.monitors.retention.report-age} keep their summary row (verdict, summary, times, figures) and lose
 * the full report and their copy of the spec; rows older than {@code row-age} go entirely. Submitted (non-monitor)
 * runs are never touched. Works in batches so no statement holds many locks for long; the statements are
 * {@code store}'s ({@link RunRetention#pruneMonitorRuns}), this decides when and with which ages.
 */
@ApplicationScoped
public class MonitorRetention {

    private static final Logger LOG = Logger.getLogger(MonitorRetention.class);
    static final int BATCH = 5000;

    @Inject RunRetention runRetention;
    @Inject MonitorSettings monitorSettings;

    @Scheduled(every = "${shakedown.monitors.retention.every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${shakedown.monitors.retention.delay:1m}")
    void scheduled() {
        if (!monitorSettings.enabled()) return;
        try {
            RunRetention.MonitorPruned p = prune(monitorSettings.retention().reportAge(), monitorSettings.retention().rowAge());
            if (p.reportsDropped() + p.rowsDeleted() > 0) LOG.infof("retention: %d monitor reports dropped, %d rows deleted", p.reportsDropped(), p.rowsDeleted());
        } catch (RuntimeException e) {
            LOG.warn("monitor retention failed; retrying at the next interval", e);
        }
    }

    public RunRetention.MonitorPruned prune(Duration reportAge, Duration rowAge) {
        return runRetention.pruneMonitorRuns(reportAge, rowAge, BATCH);
    }
}
