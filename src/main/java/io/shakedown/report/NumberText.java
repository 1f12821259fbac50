package io.shakedown.report;

import java.util.Locale;

/** A figure as reports and pages write it: a whole number without decimals ("200", not "200.0"), else rounded. */
public final class NumberText {
    private NumberText() {}

    /** {@code value} with at most {@code decimals} decimals, none when it is whole; always a '.' as the separator. */
    public static String of(double value, int decimals) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
