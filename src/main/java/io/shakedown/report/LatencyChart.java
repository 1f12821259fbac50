package io.shakedown.report;

import java.util.Locale;

/**
 * The latency chart of a performance scenario as inline SVG (the HTML report file carries no scripts): one
 * bar per percentile for the run, and the baseline's bar beneath it when there is one. Built from numbers and
 * fixed labels only, so it is safe to insert unescaped.
 */
public final class LatencyChart {
    private static final String[] LABELS = {"p50", "p75", "p95", "p99", "max"};
    private static final int WIDTH = 560, LABEL = 44, ROW = 34, BAR = 12;

    private LatencyChart() {}

    public static String svg(Report.PerfFigures run, Report.PerfFigures baseline) {
        int[] now = values(run);
        int[] base = baseline == null ? null : values(baseline);
        int max = 1;
        for (int v : now) max = Math.max(max, v);
        if (base != null) for (int v : base) max = Math.max(max, v);
        double scale = (WIDTH - LABEL - 80) / (double) max;
        int height = LABELS.length * ROW + 26;
        var s = new StringBuilder(1024);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\"><title>Latency percentiles (ms)")
                .append(base == null ? "" : ", run against baseline").append("</title>");
        for (int i = 0; i < LABELS.length; i++) {
            int y = i * ROW + 4;
            s.append("<text x=\"0\" y=\"").append(y + 11).append("\" class=\"lbl\">").append(LABELS[i]).append("</text>");
            bar(s, y, now[i], scale, "run");
            if (base != null) bar(s, y + BAR + 2, base[i], scale, "base");
        }
        int ly = LABELS.length * ROW + 16;
        s.append("<rect x=\"").append(LABEL).append("\" y=\"").append(ly - 9).append("\" width=\"10\" height=\"10\" class=\"run\"/>")
                .append("<text x=\"").append(LABEL + 14).append("\" y=\"").append(ly).append("\" class=\"lbl\">this run</text>");
        if (base != null) {
            s.append("<rect x=\"").append(LABEL + 90).append("\" y=\"").append(ly - 9).append("\" width=\"10\" height=\"10\" class=\"base\"/>")
                    .append("<text x=\"").append(LABEL + 104).append("\" y=\"").append(ly).append("\" class=\"lbl\">baseline</text>");
        }
        return s.append("</svg>").toString();
    }

    private static void bar(StringBuilder s, int y, int value, double scale, String css) {
        double w = Math.max(1, value * scale);
        s.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y).append("\" height=\"").append(BAR).append("\" width=\"")
                .append(String.format(Locale.ROOT, "%.1f", w)).append("\" class=\"").append(css).append("\"/>")
                .append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", LABEL + w + 4)).append("\" y=\"").append(y + 10)
                .append("\" class=\"val\">").append(value).append(" ms</text>");
    }

    private static int[] values(Report.PerfFigures f) {
        return new int[] {f.p50(), f.p75(), f.p95(), f.p99(), f.max()};
    }
}
