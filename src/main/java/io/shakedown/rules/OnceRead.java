package io.shakedown.rules;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One read of a run's evidence, done at most once: where it is first needed, or ahead of time on a virtual thread
 * ({@link #startInBackground}); whoever asks while it is in flight awaits it instead of reading again. An interrupted
 * wait answers {@code unknown} (the read itself goes on for the others).
 */
final class OnceRead<T> {
    private final FutureTask<T> task;
    private final T unknown;
    private final AtomicBoolean started = new AtomicBoolean();

    OnceRead(Callable<T> read, T unknown) {
        this.task = new FutureTask<>(read);
        this.unknown = unknown;
    }

    /** Begins the read on a virtual thread named {@code name}, unless it has begun already. */
    void startInBackground(String name) {
        if (started.compareAndSet(false, true)) Thread.ofVirtual().name(name).start(task);
    }

    /** Whether the read has begun (in the background or where first needed). */
    boolean begun() {
        return started.get();
    }

    /** Whether the read has ended (asking for it now does not wait). */
    boolean done() {
        return task.isDone();
    }

    /** Whether the read began in the background and has not ended: asking for it now would wait. */
    boolean inFlight() {
        return started.get() && !task.isDone();
    }

    /** The read's result: read here if nobody began it, else awaited. A failure of the read is thrown to every caller. */
    T get() {
        if (started.compareAndSet(false, true)) task.run();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
