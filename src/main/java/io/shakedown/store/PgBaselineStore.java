package io.shakedown.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
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

    /** Compares only with runs of the same project as {@code runId} (docs/api.md, "Performance baselines"). */
    @Override
    public List<Sample> baselineSamples(String runId, String app, String environment, String scenario, int lastN) {
        return QuarkusTransaction.requiringNew().call(() -> samples(projectOf(runId), app, environment, scenario, lastN));
    }

    /** What a run of {@code project} would compare with now. */
    public List<Sample> baselineSamplesOfProject(String project, String app, String environment, String scenario, int lastN) {
        return QuarkusTransaction.requiringNew().call(() -> samples(project, app, environment, scenario, lastN));
    }

    private static List<Sample> samples(String project, String app, String environment, String scenario, int lastN) {
        var scope = Scope.of(project, "app = :app and environment = :environment and scenario = :scenario")
                .and("app", app).and("environment", environment).and("scenario", scenario);
        Optional<PerformanceBaseline> pin = PerformanceBaseline.find(scope.where + " and pinned = true", scope.params).firstResultOptional();
        if (pin.isPresent()) return List.of(sample(pin.get()));
        List<PerformanceBaseline> recent = PerformanceBaseline.find(scope.where + " order by recordedAt desc", scope.params).page(0, lastN).list();
        return recent.stream().map(PgBaselineStore::sample).toList();
    }

    @Override
    public void record(String app, String environment, String scenario, String runId, Report.PerfFigures figures) {
        QuarkusTransaction.requiringNew().run(() -> {
            var row = new PerformanceBaseline();
            row.id = UUID.randomUUID();
            row.project = projectOf(runId);
            row.app = app;
            row.environment = environment;
            row.scenario = scenario;
            row.runId = UUID.fromString(runId);
            row.figures = json(figures);
            row.recordedAt = Instant.now();
            row.persist();
        });
    }

    /** Every stored sample of a project's app (all environments and scenarios, or one environment), newest first. */
    public List<PerformanceBaseline> samplesOf(String project, String app, String environment) {
        var scope = Scope.of(project, "app = :app").and("app", app);
        if (environment != null) scope = scope.where(" and environment = :environment").and("environment", environment);
        var s = scope;
        return QuarkusTransaction.requiringNew().call(() -> PerformanceBaseline.<PerformanceBaseline>find(s.where + " order by recordedAt desc", s.params).list());
    }

    /** Pins the run's sample of that scenario (unpinning the project's other pin); false when the run has no such sample. */
    public boolean pin(String project, String app, String environment, String scenario, UUID runId) {
        var scope = Scope.of(project, "app = :app and environment = :environment and scenario = :scenario")
                .and("app", app).and("environment", environment).and("scenario", scenario);
        return QuarkusTransaction.requiringNew().call(() -> {
            PerformanceBaseline row = PerformanceBaseline.find(scope.where + " and runId = :runId", scope.params.and("runId", runId)).firstResult();
            if (row == null) return false;
            PerformanceBaseline.update("pinned = false where " + scope.where + " and pinned = true", without(scope.params, "runId"));
            PerformanceBaseline.getEntityManager().flush();
            row.pinned = true;
            return true;
        });
    }

    /** Removes the project's pin; the baseline is the median of the history again. Returns how many pins were removed. */
    public int unpin(String project, String app, String environment, String scenario) {
        var scope = Scope.of(project, "app = :app and environment = :environment and scenario = :scenario")
                .and("app", app).and("environment", environment).and("scenario", scenario);
        return QuarkusTransaction.requiringNew().call(() -> PerformanceBaseline.update("pinned = false where " + scope.where + " and pinned = true", scope.params));
    }

    private static String projectOf(String runId) {
        try {
            ValidationRun run = ValidationRun.findById(UUID.fromString(runId));
            return run == null ? null : run.project;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A query restricted to one project ("project is null" when authentication is off) plus its named parameters. */
    private record Scope(String where, Parameters params) {
        static Scope of(String project, String condition) {
            var params = new Parameters();
            if (project == null) return new Scope("project is null and " + condition, params);
            params.and("project", project);
            return new Scope("project = :project and " + condition, params);
        }

        Scope and(String name, Object value) {
            params.and(name, value);
            return this;
        }

        Scope where(String more) {
            return new Scope(where + more, params);
        }
    }

    private static Parameters without(Parameters params, String name) {
        var copy = new Parameters();
        params.map().forEach((k, v) -> {
            if (!k.equals(name)) copy.and(k, v);
        });
        return copy;
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
