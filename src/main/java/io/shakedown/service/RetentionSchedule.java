package io.shakedown.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.shakedown.store.RunRetention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Applies {@code shakedown.retention.*} to submitted runs every {@code every}, on every replica (the statements are
 * idempotent; two replicas at once just find less to do). The Gatling output folder of a run whose report went is
 * (stored or still local) goes with it, so no load report outlives its run.
 */
@ApplicationScoped
public class RetentionSchedule {
    private static final Logger LOG = Logger.getLogger(RetentionSchedule.class);

    @Inject RunRetention retention;
    @Inject ShakedownConfig config;
    @Inject LoadReports loadReports;

    void checkAges(@Observes StartupEvent event) {
        policy(); // a row age below the report age stops the start with the setting named
    }

    @Scheduled(every = "${shakedown.retention.every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            var p = prune();
            if (!p.reportsDropped().isEmpty() || !p.rowsDeleted().isEmpty() || p.samplesDeleted() > 0) {
                LOG.infof("retention: %d run reports dropped, %d run rows deleted, %d performance samples of deleted runs deleted",
                        p.reportsDropped().size(), p.rowsDeleted().size(), p.samplesDeleted());
            }
        } catch (RuntimeException e) {
            LOG.warn("run retention failed; retrying at the next interval", e);
        }
    }

    /** One pass now: reports, then rows, then the load reports of both. */
    public RunRetention.Pruned prune() {
        var policy = policy();
        var pruned = retention.prune(policy.getKey(), policy.getValue());
        // a deleted row's archive went with it (on delete cascade); its folder, if any, goes here
        loadReports.forget(Stream.concat(pruned.reportsDropped().stream(), pruned.rowsDeleted().stream()).distinct().toList());
        return pruned;
    }

    private Map.Entry<RunRetention.Ages, Map<String, RunRetention.Ages>> policy() {
        var r = config.retention();
        var defaults = ages("shakedown.retention", r.reportAge(), r.rowAge());
        var perProject = new LinkedHashMap<String, RunRetention.Ages>();
        r.projects().forEach((project, a) -> perProject.put(project, ages("shakedown.retention.projects.\"" + project + "\"",
                a.reportAge().orElse(r.reportAge()), a.rowAge().orElse(r.rowAge()))));
        return Map.entry(defaults, perProject);
    }

    private static RunRetention.Ages ages(String prefix, java.time.Duration reportAge, java.time.Duration rowAge) {
        if (rowAge.compareTo(reportAge) < 0) {
            throw new IllegalStateException(prefix + ".row-age (" + rowAge + ") must not be shorter than " + prefix + ".report-age (" + reportAge + ")");
        }
        return new RunRetention.Ages(reportAge, rowAge);
    }

    /** The folder a run's Gatling output is in (tests). */
    Path outputOf(UUID run) {
        return loadReports.folderOf(run);
    }
}
