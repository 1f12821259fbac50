package io.shakedown.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent pieces of a stage (checks, flows, asset requests) run at most {@code parallelism} at a
 * time on virtual threads; results come back in input order, so reports read the way the spec does.
 */
public final class Bounded {
    private Bounded() {}

    /** A piece of work that may be interrupted (HTTP calls, waits). */
    @FunctionalInterface
    public interface Work<T, R> {
        R apply(T item) throws InterruptedException;
    }

    public static <T, R> List<R> map(List<T> items, int parallelism, String what, Work<T, R> work) throws InterruptedException {
        if (items.isEmpty()) return List.of();
        List<R> results = new ArrayList<>(items.size());
        try (var pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, items.size())), Thread.ofVirtual().factory())) {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) futures.add(pool.submit(() -> work.apply(item)));
            for (Future<R> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(what + " crashed: " + e.getCause(), e.getCause());
                }
            }
        }
        return results;
    }
}
