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
public record BrowserSpec(boolean enabled, List<String> pages, List<Pattern> ignore, Thresholds thresholds, List<Flow> flows) {
    /** {@code browser: false}. */
    public static final BrowserSpec OFF = new BrowserSpec(false, List.of(), List.of(), Thresholds.NONE, List.of());
    /** No {@code browser} section: the HTML pages the run sees, no waivers, no thresholds. */
    public static final BrowserSpec DEFAULT = new BrowserSpec(true, List.of(), List.of(), Thresholds.NONE, List.of());

    public BrowserSpec {
        flows = flows == null ? List.of() : List.copyOf(flows);
        pages = pages == null ? List.of() : List.copyOf(pages);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        if (thresholds == null) thresholds = Thresholds.NONE;
    }

    /** A user journey in the browser: steps in order, sharing the page and captured values; it stops at its first failing step. */
    public record Flow(String name, List<Step> steps) {}

    /**
     * One step: {@code action} is open, click, fill, select, press, wait, expect or capture. {@code selector} a CSS
     * selector; {@code value} what fill types / select picks / open's path; {@code key} what press presses; wait and
     * expect look at {@code selector}, {@code text} (contained in the element's or the page's visible text),
     * {@code url} (a regex found in the current URL), {@code visible}, {@code count}; capture stores the selector's
     * text as {@code capture}. Values may hold templates (${secrets.X}, ${captured}).
     */
    public record Step(String action, String selector, String value, String key, String text, Pattern url, Boolean visible,
                       Integer count, String capture, Duration timeout) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

        /** "click #submit", "open /login", "wait text 'Welcome'": how reports name the step. */
        public String describe() {
            var sb = new StringBuilder(action);
            if (action.equals("open")) return sb.append(' ').append(value).toString();
            if (selector != null) sb.append(' ').append(selector);
            if (action.equals("fill") || action.equals("select")) sb.append(" = '").append(value).append('\'');
            if (key != null) sb.append(" key ").append(key);
            if (text != null) sb.append(" text '").append(text).append('\'');
            if (url != null) sb.append(" url ~ ").append(url.pattern());
            if (visible != null) sb.append(visible ? " visible" : " hidden");
            if (count != null) sb.append(" count ").append(count);
            if (capture != null) sb.append(" as ").append(capture);
            return sb.toString();
        }
    }

    /** Upper limits on a page's timings; null = not gated. */
    public record Thresholds(Duration lcp, Duration load, Duration domContentLoaded, Double cls) {
        public static final Thresholds NONE = new Thresholds(null, null, null, null);
    }
}
