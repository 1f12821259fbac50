package io.shakedown.spec;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the browser stage opens in headless Chromium and how it judges a page. By default (no {@code browser}
 * section) every HTML page the run got (readiness, checks, flow steps) is opened; {@code pages} adds pages,
 * {@code ignore} waives problems whose message or URL matches, {@code thresholds} gate the timings,
 * {@code browser: false} ({@link #OFF}) turns the stage off.
 */
public record BrowserSpec(boolean enabled, List<String> pages, List<Pattern> ignore, Thresholds thresholds) {
    /** {@code browser: false}. */
    public static final BrowserSpec OFF = new BrowserSpec(false, List.of(), List.of(), Thresholds.NONE);
    /** No {@code browser} section: the HTML pages the run sees, no waivers, no thresholds. */
    public static final BrowserSpec DEFAULT = new BrowserSpec(true, List.of(), List.of(), Thresholds.NONE);

    public BrowserSpec {
        pages = pages == null ? List.of() : List.copyOf(pages);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        if (thresholds == null) thresholds = Thresholds.NONE;
    }

    /** Upper limits on a page's timings; null = not gated. */
    public record Thresholds(Duration lcp, Duration load, Duration domContentLoaded, Double cls) {
        public static final Thresholds NONE = new Thresholds(null, null, null, null);
    }
}
