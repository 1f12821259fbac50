package io.shakedown.probe;

import io.shakedown.probe.ReadinessProbe.Attempt;
import io.shakedown.report.Report;
import io.shakedown.run.Cancellation;
import io.shakedown.target.RunningTarget;
import java.net.InetSocketAddress;
import java.net.URI;
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
    /**
     * While nothing listens in the container behind the published port, an HTTP attempt can only fail, and each costs
     * ~1.7 ms of CPU in the HTTP client's failure path, on the cores the starting app needs (a Spring app's 15 s start
     * took ~700 attempts, ~1.2 CPU-s). Until the probe has had its first HTTP answer, a poll first connects to the port
     * (~0.1 ms: docker-proxy closes at once when no one listens) and sends the request only if someone held the
     * connection open for {@link #LISTENER_HOLD}; one attempt this often goes out anyway, so the probe's own account of
     * what it saw stays current. (Reading the socket table instead costs ~7 ms a read: the kernel walks its whole TCP
     * hash table for /proc/net/tcp.)
     */
    static final long CLOSED_PORT_ATTEMPT_EVERY = Duration.ofMillis(500).toNanos();
    static final Duration LISTENER_HOLD = Duration.ofMillis(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(200);
    private final Duration listenerHold;

    public ReadinessWaiter() {
        this(LISTENER_HOLD);
    }

    /** {@code listenerHold}: how long a connection must stay open to count as a listener (tests on a loaded machine: longer). */
    ReadinessWaiter(Duration listenerHold) {
        this.listenerHold = listenerHold;
    }

    /** STUCK_ON_LOOPBACK and SETTLED_ON_OTHER_PORT end the wait early: their diagnosis cannot change by waiting. */
    public enum Outcome { READY, EXITED, TIMED_OUT, STUCK_ON_LOOPBACK, SETTLED_ON_OTHER_PORT, CANCELLED }

    /** Per-probe tally: how many attempts, and the last thing it saw. */
    public static final class Tally {
        public final ReadinessProbe probe;
        public int attempts;
        public Attempt last;
        public boolean ready;
        long lastAttemptNanos;
        boolean answered; // an HTTP answer came once: from then on every poll sends the request

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
        // a Docker container's published port (it does not move, unlike a pod's address): docker-proxy answers on it
        // for the app until the app listens
        var info = target.info();
        InetSocketAddress published = "image".equals(info.kind()) && info.containerId() != null && info.url() != null
                ? PortReadiness.address(URI.create(info.url())) : null;
        while (true) {
            if (cancellation.isCancelled()) return new Result(Outcome.CANCELLED, millisSince(start), tallies);
            if (target.exited().isPresent()) return new Result(Outcome.EXITED, millisSince(start), tallies);
            boolean allReady = true;
            Boolean listening = null; // asked at most once a poll, and only when a probe would wait for it
            for (Tally t : tallies) {
                if (t.ready) continue;
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                if (published != null && t.probe.needsTheDeclaredPort() && !t.answered && t.last != null
                        && System.nanoTime() - t.lastAttemptNanos < CLOSED_PORT_ATTEMPT_EVERY) {
                    if (listening == null) listening = PortReadiness.reachesAListener(published, CONNECT_TIMEOUT, listenerHold).orElse(true);
                    if (!listening) {
                        allReady = false;
                        continue;
                    }
                }
                t.lastAttemptNanos = System.nanoTime();
                Attempt attempt = t.probe.attempt(target, Duration.ofNanos(left));
                t.attempts++;
                t.answered |= attempt.httpStatus() != null;
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
