package io.shakedown.ui;

import java.util.List;

/**
 * A check's or flow step's stability over an app's recent runs, after Allure's marks: the latest outcome read
 * against the five runs before it.
 * <ul>
 * <li>new failure: fails now, passed in the run before and in every run before that in the window;</li>
 * <li>flaky: fails now, passed in the run before, but failed within the window before that (it comes and goes);</li>
 * <li>still failing: failed in the run before as well;</li>
 * <li>fixed: passes now after failing in the run before; passing: otherwise.</li>
 * </ul>
 */
public enum Stability {
    NEW_FAILURE("new failure", "mark-new"),
    FLAKY("flaky", "mark-flaky"),
    STILL_FAILING("still failing", "mark-broken"),
    FIXED("fixed", "mark-stable"),
    PASSING("passing", "mark-stable"),
    FAILING("failing", "mark-broken");

    static final int WINDOW = 5;

    private final String label;
    private final String css;

    Stability(String label, String css) {
        this.label = label;
        this.css = css;
    }

    public String label() {
        return label;
    }

    public String css() {
        return css;
    }

    /** {@code failed}: the item's outcomes newest first (true = failed), runs where it was skipped or absent left out. */
    public static Stability of(List<Boolean> failed) {
        if (failed.isEmpty()) return PASSING;
        boolean now = failed.getFirst();
        if (failed.size() == 1) return now ? FAILING : PASSING;
        boolean before = failed.get(1);
        if (!now) return before ? FIXED : PASSING;
        if (before) return STILL_FAILING;
        for (int i = 2; i < Math.min(failed.size(), WINDOW + 1); i++) if (failed.get(i)) return FLAKY;
        return NEW_FAILURE;
    }
}
