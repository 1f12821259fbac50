package io.shakedown.run;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** A run's cancel switch. Stages poll {@link #isCancelled()}; long waits register a callback to wake up. */
public final class Cancellation {
    private volatile boolean cancelled;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        callbacks.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code callback} on cancel (at once if already cancelled). */
    public void onCancel(Runnable callback) {
        callbacks.add(callback);
        if (cancelled) callback.run();
    }
}
