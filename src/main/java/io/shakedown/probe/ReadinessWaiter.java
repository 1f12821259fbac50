package io.shakedown.probe;

import io.shakedown.run.Cancellation;
import io.shakedown.probe.ReadinessProbe.Attempt;
import io.shakedown.target.RunningTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls every probe until all are ready (all-of), the container exits, the run is cancelled, or the
 * startup timeout passes. Polls fast (every {@link #POLL}) because the time between "the app is ready"
 * and "Shakedown noticed" is dead time in every pipeline.
 */
public final class ReadinessWaiter {
    static final Duration POLL = Duration.ofMillis(20);
    /**
     * The declared port listening on loopback only, this long, is a misconfiguration, not a slow start:
     * stop waiting and diagnose instead of burning the rest of the startup timeout.
     */
    static final Duration LOOPBACK_SETTLED = Duration.ofSeconds(3);
    private static final long SOCKET_CHECK_EVERY = Duration.ofMillis(500).toNanos();

    public enum Outcome { READY, EXITED, TIMED_OUT, STUCK_ON_LOOPBACK, CANCELLED }

    /** Per-probe tally: how many attempts, and the last thing it saw. */
    public static final class Tally {
        public final ReadinessProbe probe;
        public int attempts;
        public Attempt last;
        public boolean ready;

        Tally(ReadinessProbe probe) {
            this.probe = probe;
        }
    }

    public record Result(Outcome outcome, long elapsedMillis, List<Tally> tallies) {}

    public Result await(List<ReadinessProbe> probes, RunningTarget target, Duration timeout, Cancellation cancellation)
            throws InterruptedException {
        List<Tally> tallies = new ArrayList<>();
        probes.forEach(p -> tallies.add(new Tally(p)));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long lastSocketCheck = start;
        long loopbackSince = 0;
        while (true) {
            if (cancellation.isCancelled()) return new Result(Outcome.CANCELLED, millisSince(start), tallies);
            if (target.exited().isPresent()) return new Result(Outcome.EXITED, millisSince(start), tallies);
            boolean allReady = true;
            for (Tally t : tallies) {
                if (t.ready) continue;
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                t.last = t.probe.attempt(target, Duration.ofNanos(left));
                t.attempts++;
                t.ready = t.last.ready();
                allReady &= t.ready;
            }
            if (allReady && tallies.stream().allMatch(t -> t.ready)) return new Result(Outcome.READY, millisSince(start), tallies);
            // An exit that happened during the attempts wins over a timeout: it is the real story.
            if (target.exited().isPresent()) return new Result(Outcome.EXITED, millisSince(start), tallies);
            if (System.nanoTime() >= deadline) return new Result(Outcome.TIMED_OUT, millisSince(start), tallies);
            if (target.info().containerId() != null && System.nanoTime() - lastSocketCheck > SOCKET_CHECK_EVERY) {
                lastSocketCheck = System.nanoTime();
                boolean loopbackOnly = target.listeningSockets()
                        .map(r -> !r.onPort(target.declaredPort()).isEmpty() && !r.reachableOn(target.declaredPort()))
                        .orElse(false);
                loopbackSince = !loopbackOnly ? 0 : loopbackSince == 0 ? lastSocketCheck : loopbackSince;
                if (loopbackOnly && lastSocketCheck - loopbackSince >= LOOPBACK_SETTLED.toNanos()) {
                    return new Result(Outcome.STUCK_ON_LOOPBACK, millisSince(start), tallies);
                }
            }
            Thread.sleep(POLL);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
