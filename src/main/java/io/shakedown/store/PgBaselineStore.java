package io.shakedown.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shakedown.perf.BaselineStore;
import io.shakedown.report.Report;
import io.shakedown.report.ReportJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The service's baseline store: table performance_baseline in PostgreSQL, shared by all replicas. */
@ApplicationScoped
public class PgBaselineStore implements BaselineStore {

    @Override
    public List<Sample> baselineSamples(String app, String environment, String scenario, int lastN) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<PerformanceBaseline> pin = PerformanceBaseline
                    .find("app = ?1 and environment = ?2 and scenario = ?3 and pinned = true", app, environment, scenario)
                    .firstResultOptional();
            if (pin.isPresent()) return List.of(sample(pin.get()));
            List<PerformanceBaseline> recent = PerformanceBaseline
                    .find("app = ?1 and environment = ?2 and scenario = ?3 order by recordedAt desc", app, environment, scenario)
                    .page(0, lastN).list();
            return recent.stream().map(PgBaselineStore::sample).toList();
        });
    }

    @Override
    public void record(String app, String environment, String scenario, String runId, Report.PerfFigures figures) {
        QuarkusTransaction.requiringNew().run(() -> {
            var row = new PerformanceBaseline();
            row.id = UUID.randomUUID();
            row.app = app;
            row.environment = environment;
            row.scenario = scenario;
            row.runId = UUID.fromString(runId);
            row.figures = json(figures);
            row.recordedAt = Instant.now();
            row.persist();
        });
    }

    /** Every stored sample of an app (all environments and scenarios), newest first. */
    public List<PerformanceBaseline> samplesOf(String app, String environment) {
        return QuarkusTransaction.requiringNew().call(() -> environment == null
                ? PerformanceBaseline.<PerformanceBaseline>find("app = ?1 order by recordedAt desc", app).list()
                : PerformanceBaseline.<PerformanceBaseline>find("app = ?1 and environment = ?2 order by recordedAt desc", app, environment).list());
    }

    /** Pins the run's sample of that scenario (unpinning any other); false when the run has no such sample. */
    public boolean pin(String app, String environment, String scenario, UUID runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PerformanceBaseline row = PerformanceBaseline
                    .find("app = ?1 and environment = ?2 and scenario = ?3 and runId = ?4", app, environment, scenario, runId)
                    .firstResult();
            if (row == null) return false;
            PerformanceBaseline.update("pinned = false where app = ?1 and environment = ?2 and scenario = ?3 and pinned = true",
                    app, environment, scenario);
            PerformanceBaseline.getEntityManager().flush();
            row.pinned = true;
            return true;
        });
    }

    /** Removes the pin; the baseline is the median of the history again. Returns how many pins were removed. */
    public int unpin(String app, String environment, String scenario) {
        return QuarkusTransaction.requiringNew().call(() -> PerformanceBaseline.update(
                "pinned = false where app = ?1 and environment = ?2 and scenario = ?3 and pinned = true", app, environment, scenario));
    }

    static Sample sample(PerformanceBaseline row) {
        return new Sample(row.runId.toString(), figures(row.figures), row.pinned);
    }

    public static Report.PerfFigures figures(String json) {
        try {
            return ReportJson.mapper().readValue(json, Report.PerfFigures.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable baseline figures: " + e.getMessage(), e);
        }
    }

    private static String json(Report.PerfFigures figures) {
        try {
            return ReportJson.mapper().writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
