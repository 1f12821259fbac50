package io.shakedown.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place units are read (and durations written): durations (300ms, 60s, 2m, 1.5h; in whole units with days,
 * 7d, for monitors), sizes (512m, 1g, 256Mi, 64KiB, a JVM's -Xmx2G),
 * rates (50/s) and percentages (1%, +20%, -15%). Each returns null for text that is not one, so the caller says
 * what it expected, naming the field. Ranges (at least 6m, at most 10 minutes) are the callers' business.
 */
public final class Units {
    private Units() {}

    static final Pattern DURATION = Pattern.compile("([0-9]{1,9}(?:\\.[0-9]{1,9})?)(ms|s|m|h)");
    static final Pattern WHOLE_DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    static final Pattern SIZE = Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,9})?)\\s?([bB]|[kKmMgGtT][iI]?[bB]?)?");
    static final Pattern RATE = Pattern.compile("([0-9]{1,6}(?:\\.[0-9]{1,3})?)\\s*/\\s*s");
    static final Pattern PERCENT = Pattern.compile("([+-]?)([0-9]{1,4}(?:\\.[0-9]{1,3})?)\\s*%");

    /** A percentage as written: its sign ('+', '-' or none) and its value (20 for "+20%"). */
    public record Percent(String sign, double value) {}

    /** {@code 300ms}, {@code 60s}, {@code 2m}, {@code 1.5h}; fractions below a nanosecond are dropped. Null if not a duration. */
    public static Duration duration(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches()) return null;
        long unitNanos = switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos)).setScale(0, RoundingMode.DOWN);
        return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(nanos.longValueExact());
    }

    /**
     * A duration in whole units, days included: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} (monitors.yaml's
     * schedules and windows). Null if not one. The inverse of {@link #format(Duration)}.
     */
    public static Duration wholeDuration(String text) {
        Matcher m = text == null ? null : WHOLE_DURATION.matcher(text.strip());
        if (m == null || !m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A duration in its largest whole unit: {@code 7d}, {@code 1h}, {@code 90m}, {@code 30s}, {@code 1500ms} (sub-millisecond parts dropped). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /**
     * Bytes of a size in binary units, case-insensitive, with or without i/b: {@code 512m} = {@code 512Mi} = {@code 512MiB}
     * = 512 × 2^20; a plain number is bytes. Null if not a size or beyond a long.
     */
    public static Long bytes(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.strip());
        if (m == null || !m.matches()) return null;
        String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift))
                .setScale(0, RoundingMode.DOWN);
        return bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? null : bytes.longValueExact();
    }

    /** Requests per second written {@code 50/s} (or {@code 0.5 / s}). Null if not a rate. */
    public static Double perSecond(String text) {
        Matcher m = text == null ? null : RATE.matcher(text.strip());
        return m != null && m.matches() ? Double.parseDouble(m.group(1)) : null;
    }

    /** {@code 1%}, {@code +20%}, {@code -15%}. Null if not a percentage. */
    public static Percent percent(String text) {
        Matcher m = text == null ? null : PERCENT.matcher(text.strip());
        return m != null && m.matches() ? new Percent(m.group(1), Double.parseDouble(m.group(2))) : null;
    }
}
