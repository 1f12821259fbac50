package io.shakedown.monitor;

/**
 * How one finished run moves a monitor's state. Pure: the evaluator feeds it the stored counters and writes back
 * what it returns.
 *
 * <ul>
 * <li>FAILED: {@code failureThreshold} in a row → DOWN.</li>
 * <li>ERROR (Shakedown could not check): {@code failureThreshold} in a row → UNKNOWN, never DOWN.</li>
 * <li>PASSED: {@code successThreshold} in a row → UP (or DEGRADED when the run was slow or had warnings); a monitor
 * already UP or DEGRADED follows each passing run at once.</li>
 * <li>Runs in a maintenance window and cancelled runs change nothing.</li>
 * </ul>
 * Alerts go out on a change of state only: DOWN, DEGRADED, UNKNOWN, and RECOVERED back to UP. A monitor's first
 * state after creation or resume ("no data yet") raises no RECOVERED.
 */
public final class StateMachine {

    /** What a run says about the app. */
    public enum Outcome { PASSED, DEGRADED, FAILED, ERROR, IGNORED }

    /** The stored counters of a monitor. */
    public record Counters(MonitorState state, boolean settled, int failures, int successes, int errors) {}

    /** The new counters, and the alert to raise (null: none). {@code changed}: the state changed. */
    public record Step(Counters next, boolean changed, String alert, String reason) {}

    private StateMachine() {}

    public static Step apply(Counters c, Outcome outcome, int failureThreshold, int successThreshold, String summary) {
        if (c.state() == MonitorState.PAUSED || outcome == Outcome.IGNORED) return new Step(c, false, null, null);
        int failures = c.failures(), successes = c.successes(), errors = c.errors();
        MonitorState target = c.state();
        String reason = null;
        switch (outcome) {
            case FAILED -> {
                failures++;
                successes = 0;
                errors = 0;
                if (failures >= failureThreshold) {
                    target = MonitorState.DOWN;
                    reason = failures + " failed run" + (failures == 1 ? "" : "s") + " in a row: " + summary;
                }
            }
            case ERROR -> {
                errors++;
                successes = 0;
                if (errors >= failureThreshold) {
                    target = MonitorState.UNKNOWN;
                    reason = "Shakedown could not check (" + errors + " run" + (errors == 1 ? "" : "s")
                            + " ended ERROR; this says nothing about the app): " + summary;
                }
            }
            case PASSED, DEGRADED -> {
                successes++;
                failures = 0;
                errors = 0;
                boolean healthy = c.state() == MonitorState.UP || c.state() == MonitorState.DEGRADED;
                if (healthy || !c.settled() || successes >= successThreshold) {
                    target = outcome == Outcome.DEGRADED ? MonitorState.DEGRADED : MonitorState.UP;
                    reason = outcome == Outcome.DEGRADED ? "passed, but degraded: " + summary : "passed";
                }
            }
            default -> { }
        }
        boolean changed = target != c.state() || (!c.settled() && target == MonitorState.UNKNOWN && reason != null);
        String alert = null;
        if (changed) {
            alert = switch (target) {
                case DOWN -> "DOWN";
                case DEGRADED -> "DEGRADED";
                case UNKNOWN -> "UNKNOWN";
                case UP -> c.settled() ? "RECOVERED" : null;
                default -> null;
            };
        }
        boolean settled = c.settled() || reason != null;
        return new Step(new Counters(target, settled, failures, successes, errors), changed, alert, reason);
    }
}
