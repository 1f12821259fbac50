package io.shakedown.api;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition in tests (no Awaitility in the mirror). */
public final class Poll {
    private Poll() {}

    public static void until(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
