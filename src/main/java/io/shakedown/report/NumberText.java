package io.shakedown.report;

import java.util.Locale;

/** A figure as reports and pages write it: a whole number without decimals ("200", not "200.0"), else rounded. */
public final class NumberText {
    private NumberText() {}

    /** {@code value} with at most {@code decimals} decimals, none when it is whole; always a '.' as the separator. */
    public static String of(double value, int decimals) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A size in binary units with one decimal: "1.2 GiB", "512 MiB", "900 KiB". */
    public static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return of(Math.round(v * 10) / 10.0, 1) + " " + units[u];
    }
}
