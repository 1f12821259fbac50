package io.shakedown.perf;

import io.shakedown.report.Report;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians of figures: of several samples in one run, or of several runs in the history. */
public final class Figures {
    private Figures() {}

    /** Each figure is the median of that figure over the samples (not the figures of the median sample). */
    public static Report.PerfFigures median(List<Report.PerfFigures> samples) {
        if (samples.size() == 1) return samples.getFirst();
        long count = Math.round(median(samples, f -> f.count()));
        long errors = Math.round(median(samples, f -> f.errors()));
        return new Report.PerfFigures(count, errors, round2(median(samples, Report.PerfFigures::errorRate)),
                (int) Math.round(median(samples, f -> f.min())), (int) Math.round(median(samples, f -> f.mean())),
                (int) Math.round(median(samples, f -> f.p50())), (int) Math.round(median(samples, f -> f.p75())),
                (int) Math.round(median(samples, f -> f.p95())), (int) Math.round(median(samples, f -> f.p99())),
                (int) Math.round(median(samples, f -> f.max())), round2(median(samples, Report.PerfFigures::throughput)));
    }

    public static double median(List<Report.PerfFigures> samples, ToDoubleFunction<Report.PerfFigures> figure) {
        return median(samples.stream().mapToDouble(figure).toArray());
    }

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
