package io.shakedown.perf;

import io.shakedown.report.Report;
import java.util.List;
import java.util.Optional;

/**
 * Where the figures of passing runs are kept, per app + environment + scenario, so a later run can be
 * compared with them. The service keeps them in PostgreSQL (io.shakedown.store.PgBaselineStore); the
 * one-shot command in a JSON file ({@link FileBaselineStore}).
 */
public interface BaselineStore {

    /** The figures of one passing run. */
    record Sample(String runId, Report.PerfFigures figures, boolean pinned) {}

    /**
     * The pinned sample if one is pinned (a single element, pinned = true), or else the last
     * {@code lastN} passing samples, newest first. Empty when there is nothing yet. {@code runId} is the
     * run about to be compared: the service compares it only with runs of the same project.
     */
    List<Sample> baselineSamples(String runId, String app, String environment, String scenario, int lastN);

    /** Remembers the figures of a passing run. */
    void record(String app, String environment, String scenario, String runId, Report.PerfFigures figures);

    /** Nothing kept, nothing found: every history comparison says "no baseline yet". */
    BaselineStore NONE = new BaselineStore() {
        @Override
        public List<Sample> baselineSamples(String runId, String app, String environment, String scenario, int lastN) {
            return List.of();
        }

        @Override
        public void record(String app, String environment, String scenario, String runId, Report.PerfFigures figures) {}
    };

    /** The baseline to compare with: the pinned run, or the median of the recent ones. */
    static Optional<Report.PerfBaseline> resolve(List<Sample> samples) {
        if (samples.isEmpty()) return Optional.empty();
        List<String> ids = samples.stream().map(Sample::runId).toList();
        if (samples.size() == 1 && samples.getFirst().pinned()) {
            return Optional.of(new Report.PerfBaseline("pinned", "pinned run " + ids.getFirst(), samples.getFirst().figures(), ids));
        }
        var figures = Figures.median(samples.stream().map(Sample::figures).toList());
        return Optional.of(new Report.PerfBaseline("history",
                "median of the last " + samples.size() + " passing run" + (samples.size() == 1 ? "" : "s"), figures, ids));
    }
}
