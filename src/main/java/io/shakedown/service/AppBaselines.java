package io.shakedown.service;

import io.shakedown.perf.BaselineStore;
import io.shakedown.report.Report;
import io.shakedown.spec.PerformanceSpec;
import io.shakedown.store.PgBaselineStore;
import io.shakedown.store.RunQueries;
import io.shakedown.store.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * Performance baselines of an app, as the API and the UI's app page show and pin them: per environment and scenario,
 * the recorded samples and what a run now would compare with (the pin, or the median of recent passing runs — the
 * store decides, as for a run). Baselines are keyed by app name: a project sees (and pins) those of apps it has runs
 * of, and only its own runs can be pinned.
 */
@ApplicationScoped
public class AppBaselines {

    public record Sample(String runId, Instant recordedAt, boolean pinned, Report.PerfFigures figures) {}

    /** {@code current}: what a run now would compare with (the pin, or the median of the last 5 samples). */
    public record ScenarioBaseline(String environment, String scenario, Report.PerfBaseline current, List<Sample> samples) {}

    @Inject PgBaselineStore store;
    @Inject RunStore runs;
    @Inject RunQueries queries;

    /** False when {@code project} has no run of {@code app} (null project: authentication is off, every app). */
    public boolean visible(String project, String app) {
        return project == null || !runs.list(app, null, null, 1, project).isEmpty();
    }

    /** Every sample of the app's baselines ({@code environment} null: all environments). */
    public List<ScenarioBaseline> all(String project, String app, String environment) {
        return grouped(project, app, store.samplesOf(project, app, environment).stream()
                .map(b -> new RunQueries.Sample(b.environment, b.scenario, b.runId.toString(), b.recordedAt, b.pinned, b.figures)).toList());
    }

    /** The newest {@code perScenario} samples of each baseline, and the pinned one. */
    public List<ScenarioBaseline> recent(String project, String app, String environment, int perScenario) {
        return grouped(project, app, queries.baselineSamples(project, app, environment, perScenario));
    }

    /** Pins the run's figures; false when the run is not the project's or recorded none for this baseline. */
    public boolean pin(String project, String app, String environment, String scenario, UUID runId) {
        return runs.find(runId, project).isPresent() && store.pin(project, app, environment, scenario, runId);
    }

    public void unpin(String project, String app, String environment, String scenario) {
        store.unpin(project, app, environment, scenario);
    }

    private List<ScenarioBaseline> grouped(String project, String app, List<RunQueries.Sample> samples) {
        var grouped = new LinkedHashMap<String, List<RunQueries.Sample>>();
        for (var s : samples) grouped.computeIfAbsent(s.environment() + "\u0000" + s.scenario(), k -> new ArrayList<>()).add(s);
        var out = new ArrayList<ScenarioBaseline>();
        grouped.forEach((key, rows) -> {
            var first = rows.getFirst();
            var current = BaselineStore.resolve(store.baselineSamplesOfProject(project, app, first.environment(), first.scenario(),
                    PerformanceSpec.DEFAULT_HISTORY_RUNS)).orElse(null);
            out.add(new ScenarioBaseline(first.environment(), first.scenario(), current, rows.stream()
                    .map(r -> new Sample(r.runId(), r.recordedAt(), r.pinned(), PgBaselineStore.figures(r.figuresJson()))).toList()));
        });
        return out;
    }
}
