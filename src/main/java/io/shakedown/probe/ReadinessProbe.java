package io.shakedown.probe;

import io.shakedown.target.RunningTarget;
import java.time.Duration;

/**
 * One readiness strategy: a single quick attempt that says ready or not, and what it saw. The waiter
 * repeats attempts; the diagnosis reads the last one. Small and composable, like Testcontainers' waits.
 */
public interface ReadinessProbe {

    /** For reports: "http GET /health → 200". */
    String describe();

    /** True for a probe that can only succeed once something listens on the target's declared port (an HTTP request to it). */
    default boolean needsTheDeclaredPort() {
        return false;
    }

    /** One try, bounded by {@code budget}. Must not throw for app misbehaviour. */
    Attempt attempt(RunningTarget target, Duration budget) throws InterruptedException;

    /**
     * What one attempt saw. {@code httpStatus}/{@code body} only for HTTP, {@code transportError} when no answer came;
     * {@code html}: the answer was a text/html page (the assets and browser stages open only such pages).
     */
    record Attempt(boolean ready, String outcome, Integer httpStatus, String body, String transportError, boolean html) {
        public Attempt(boolean ready, String outcome, Integer httpStatus, String body, String transportError) {
            this(ready, outcome, httpStatus, body, transportError, false);
        }

        public static Attempt ready(String outcome) {
            return new Attempt(true, outcome, null, null, null);
        }

        public static Attempt notYet(String outcome) {
            return new Attempt(false, outcome, null, null, null);
        }
    }
}
