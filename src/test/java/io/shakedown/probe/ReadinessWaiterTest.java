package io.shakedown.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.run.Cancellation;
import io.shakedown.target.LogBuffer;
import io.shakedown.target.RunningTarget;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the readiness report says the probe saw: the last attempt that ran its course, not one the startup deadline cut
 * short. A monitor's DOWN alert said "GET /health: no answer within 50 ms" on a loaded machine where every whole
 * attempt had been refused — the last try had only the deadline's last 50 ms.
 */
class ReadinessWaiterTest {

    /**
     * Refused at once while there is time; with less than 200 ms left it takes its whole budget, as a slow connect or a
     * late answer would, and ends with {@code last} ("no answer within …", or an HTTP answer).
     */
    static final class RefusedUntilTheDeadline implements ReadinessProbe {
        final java.util.function.LongFunction<Attempt> last;
        int refused;

        RefusedUntilTheDeadline(java.util.function.LongFunction<Attempt> last) {
            this.last = last;
        }

        @Override
        public String describe() {
            return "http GET /health";
        }

        @Override
        public Attempt attempt(RunningTarget target, Duration budget) throws InterruptedException {
            if (budget.toMillis() < 200) {
                Thread.sleep(budget.toMillis() + 1);
                return last.apply(budget.toMillis());
            }
            refused++;
            return new Attempt(false, "GET /health: connection refused", null, null, "connection refused");
        }
    }

    static class NothingListening implements RunningTarget {
        final LogBuffer log = new LogBuffer(10);

        @Override
        public URI baseUrl() {
            return URI.create("http://127.0.0.1:9");
        }

        @Override
        public Report.TargetInfo info() {
            return new Report.TargetInfo("url", null, null, null, "http://127.0.0.1:9", null);
        }

        @Override
        public LogBuffer log() {
            return log;
        }

        @Override
        public int declaredPort() {
            return 9;
        }

        @Override
        public void close() {}
    }

    @Test
    void anAttemptTheDeadlineCutShortDoesNotReplaceTheWholeOneBeforeIt() throws Exception {
        var probe = new RefusedUntilTheDeadline(ms -> new ReadinessProbe.Attempt(false, "GET /health: no answer within " + ms + " ms", null, null, "timeout"));
        var result = new ReadinessWaiter().await(java.util.List.of(probe), new NothingListening(), Duration.ofMillis(600), new Cancellation());
        assertEquals(ReadinessWaiter.Outcome.TIMED_OUT, result.outcome());
        var tally = result.tallies().getFirst();
        assertTrue(probe.refused > 0 && tally.attempts > probe.refused, "whole attempts, then one cut short: " + tally.attempts);
        assertEquals("GET /health: connection refused", tally.last.outcome(), "what the whole attempts saw");
    }

    @Test
    void anAnswerInTheDeadlinesLastMomentIsWhatTheProbeSaw() throws Exception {
        // the answer arrives as the deadline passes
        var answered = new RefusedUntilTheDeadline(ms -> new ReadinessProbe.Attempt(false, "GET /health: 503", 503, "{\"status\":\"DOWN\"}", null));
        var result = new ReadinessWaiter().await(java.util.List.of(answered), new NothingListening(), Duration.ofMillis(600), new Cancellation());
        assertEquals(ReadinessWaiter.Outcome.TIMED_OUT, result.outcome());
        assertEquals("GET /health: 503", result.tallies().getFirst().last.outcome(), "an HTTP answer is never a cut-short attempt");
    }

    /**
     * A container behind docker-proxy whose app starts listening after {@code opensAfter}: until then the published
     * port accepts and closes at once (docker-proxy finding no one to dial), then it holds the connection open.
     */
    static class PortOpensLater extends NothingListening implements AutoCloseable {
        final long opensAt;
        final java.net.ServerSocket proxy;

        PortOpensLater(Duration opensAfter) throws java.io.IOException {
            this.opensAt = System.nanoTime() + opensAfter.toNanos();
            this.proxy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!proxy.isClosed()) {
                    try {
                        var client = proxy.accept();
                        if (open()) Thread.ofVirtual().start(() -> holdThenClose(client));
                        else client.close();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void holdThenClose(java.net.Socket client) {
            try (client) {
                Thread.sleep(1000);
            } catch (Exception ignored) {
                // the test is over
            }
        }

        boolean open() {
            return System.nanoTime() >= opensAt;
        }

        @Override
        public URI baseUrl() {
            return URI.create("http://127.0.0.1:" + proxy.getLocalPort());
        }

        @Override
        public Report.TargetInfo info() {
            return new Report.TargetInfo("image", "app:1", null, "c0ffee", baseUrl().toString(), 8080);
        }

        @Override
        public void close() {
            try {
                proxy.close();
            } catch (java.io.IOException ignored) {
                // closing
            }
        }
    }

    /** An HTTP-like probe: refused until the app listens, then answers 200. */
    static final class CountingHttpProbe implements ReadinessProbe {
        final PortOpensLater target;
        int whileClosed, afterOpen;

        CountingHttpProbe(PortOpensLater target) {
            this.target = target;
        }

        @Override
        public boolean needsTheDeclaredPort() {
            return true;
        }

        @Override
        public String describe() {
            return "http GET /health → 200";
        }

        @Override
        public Attempt attempt(RunningTarget ignored, Duration budget) {
            if (!target.open()) {
                whileClosed++;
                return new Attempt(false, "GET /health: connection closed before an answer", null, null, "connection closed");
            }
            afterOpen++;
            return new Attempt(true, "GET /health answered 200", 200, "", null);
        }
    }

    @Test
    void whileNoOneListensBehindThePublishedPortTheHttpProbeIsTriedTwiceASecondNotEveryPoll() throws Exception {
        try (var target = new PortOpensLater(Duration.ofMillis(1200))) {
            var probe = new CountingHttpProbe(target);
            // held 100 ms counts as listening: this test's stand-in for docker-proxy closes at once even on a loaded machine
            var result = new ReadinessWaiter(Duration.ofMillis(100)).await(java.util.List.of(probe), target, Duration.ofSeconds(10), new Cancellation());
            assertEquals(ReadinessWaiter.Outcome.READY, result.outcome());
            // every 20 ms poll would be ~50 failed attempts in 1.2 s; at most one per 500 ms (and the first at once) is 3-4
            assertTrue(probe.whileClosed >= 1 && probe.whileClosed <= 4, "attempts while no one listened: " + probe.whileClosed);
            assertEquals(1, probe.afterOpen, "the first poll after the app listened found it ready");
            var tally = result.tallies().getFirst();
            assertEquals(probe.whileClosed + 1, tally.attempts, "the report counts the attempts sent");
            assertEquals("GET /health answered 200", tally.last.outcome());
        }
    }

    @Test
    void aUrlTargetIsTriedAtEveryPoll() throws Exception {
        try (var target = new PortOpensLater(Duration.ofMillis(600)) {
            @Override
            public Report.TargetInfo info() {
                return new Report.TargetInfo("url", null, null, null, baseUrl().toString(), null); // no docker-proxy in front
            }
        }) {
            var probe = new CountingHttpProbe(target);
            var result = new ReadinessWaiter().await(java.util.List.of(probe), target, Duration.ofSeconds(10), new Cancellation());
            assertEquals(ReadinessWaiter.Outcome.READY, result.outcome());
            assertTrue(probe.whileClosed > 8, "a try every 20 ms poll: " + probe.whileClosed);
        }
    }
}
