package io.shakedown.probe;

import io.shakedown.probe.ReadinessProbe.Attempt;
import io.shakedown.report.Report;
import io.shakedown.run.Cancellation;
import io.shakedown.target.RunningTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
    /**
     * Nothing on the declared port while other ports listen, with the socket table unchanged and the log quiet
     * this long: the app has finished opening what it opens, on another port (WRONG_PORT). Waiting cannot change
     * that, so stop and diagnose. The quiet log keeps a JVM whose debug or management port opens early, while it
     * is still busy starting (and logging), from being judged too soon.
     */
    static final Duration OTHER_PORT_SETTLED = Duration.ofSeconds(2);
    private static final long SOCKET_CHECK_EVERY = Duration.ofMillis(500).toNanos();

    /** STUCK_ON_LOOPBACK and SETTLED_ON_OTHER_PORT end the wait early: their diagnosis cannot change by waiting. */
    public enum Outcome { READY, EXITED, TIMED_OUT, STUCK_ON_LOOPBACK, SETTLED_ON_OTHER_PORT, CANCELLED }

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
        Set<Report.Socket> sockets = null; // the last socket table read, and since when
        long socketsSince = start;
        while (true) {
            if (cancellation.isCancelled()) return new Result(Outcome.CANCELLED, millisSince(start), tallies);
            if (target.exited().isPresent()) return new Result(Outcome.EXITED, millisSince(start), tallies);
            boolean allReady = true;
            for (Tally t : tallies) {
                if (t.ready) continue;
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                Attempt attempt = t.probe.attempt(target, Duration.ofNanos(left));
                t.attempts++;
                t.ready = attempt.ready();
                // An attempt the deadline cut short ("no answer within 50 ms") tells less than the whole attempt before
                // it ("connection refused"): the report keeps that one as what the probe saw. An answer (a 503) is
                // never cut short, however late it came.
                boolean cutShort = !t.ready && attempt.transportError() != null && t.last != null && System.nanoTime() >= deadline;
                if (!cutShort) t.last = attempt;
                allReady &= t.ready;
            }
            if (allReady && tallies.stream().allMatch(t -> t.ready)) return new Result(Outcome.READY, millisSince(start), tallies);
            // An exit that happened during the attempts wins over a timeout: it is the real story.
            if (target.exited().isPresent()) return new Result(Outcome.EXITED, millisSince(start), tallies);
            if (System.nanoTime() >= deadline) return new Result(Outcome.TIMED_OUT, millisSince(start), tallies);
            if (target.info().containerId() != null && System.nanoTime() - lastSocketCheck > SOCKET_CHECK_EVERY) {
                lastSocketCheck = System.nanoTime();
                var reading = target.listeningSockets();
                int port = target.declaredPort();
                boolean loopbackOnly = reading.map(r -> !r.onPort(port).isEmpty() && !r.reachableOn(port)).orElse(false);
                loopbackSince = !loopbackOnly ? 0 : loopbackSince == 0 ? lastSocketCheck : loopbackSince;
                if (loopbackOnly && lastSocketCheck - loopbackSince >= LOOPBACK_SETTLED.toNanos()) {
                    return new Result(Outcome.STUCK_ON_LOOPBACK, millisSince(start), tallies);
                }
                var now = reading.map(r -> Set.copyOf(r.listening())).orElse(null);
                if (now == null || !now.equals(sockets)) {
                    sockets = now;
                    socketsSince = lastSocketCheck;
                }
                boolean otherPortOnly = reading.map(r -> r.onPort(port).isEmpty() && !r.listening().isEmpty()).orElse(false);
                long quietFor = target.log().nanosSinceLastLine();
                boolean logQuiet = quietFor < 0 || quietFor >= OTHER_PORT_SETTLED.toNanos();
                if (otherPortOnly && logQuiet && lastSocketCheck - socketsSince >= OTHER_PORT_SETTLED.toNanos()) {
                    return new Result(Outcome.SETTLED_ON_OTHER_PORT, millisSince(start), tallies);
                }
            }
            Thread.sleep(POLL);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
