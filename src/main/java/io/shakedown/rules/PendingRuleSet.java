package io.shakedown.rules;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A rule set that may still have to be loaded. The one-shot command does not wait for the built-in packs (~150 ms of
 * CPU to read, check against their schema and compile) before it creates the container: the engine has them loaded on
 * a thread of their own while Docker creates and starts it ({@link #loadInBackground}), and whatever needs them first
 * waits for that one load. The service's engine is given a loaded set.
 */
public final class PendingRuleSet implements Supplier<RuleSet> {
    private final FutureTask<RuleSet> load;
    /** Whether some thread has taken the load on: it runs once, on that thread; every other caller waits for it. */
    private final AtomicBoolean begun = new AtomicBoolean();

    private PendingRuleSet(Callable<RuleSet> load) {
        this.load = new FutureTask<>(load);
    }

    public static PendingRuleSet of(RuleSet loaded) {
        var set = new PendingRuleSet(() -> loaded);
        set.runHereIfNotBegun();
        return set;
    }

    /** Loaded by {@code load} on first need; a {@link RuleException} it throws comes out of {@link #get}. */
    public static PendingRuleSet loading(Callable<RuleSet> load) {
        return new PendingRuleSet(load);
    }

    /** Starts the load on a platform thread of its own (CPU work: not a virtual thread's carrier), unless begun. */
    public void loadInBackground() {
        if (begun.compareAndSet(false, true)) Thread.ofPlatform().daemon().name("rule-packs").start(load);
    }

    /** The rule set: loaded here if nothing began the load, else once the load under way ends. */
    @Override
    public RuleSet get() {
        runHereIfNotBegun();
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the rule packs loaded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void runHereIfNotBegun() {
        if (begun.compareAndSet(false, true)) load.run();
    }
}
