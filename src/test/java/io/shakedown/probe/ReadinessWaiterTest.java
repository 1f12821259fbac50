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

    static final class NothingListening implements RunningTarget {
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
}
