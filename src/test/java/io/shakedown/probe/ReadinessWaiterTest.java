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

    /** Refused at once while there is time; with less than 200 ms left it hangs until its budget runs out, as a slow connect would. */
    static final class RefusedThenCutShort implements ReadinessProbe {
        int refused;

        @Override
        public String describe() {
            return "http GET /health";
        }

        @Override
        public Attempt attempt(RunningTarget target, Duration budget) throws InterruptedException {
            if (budget.toMillis() < 200) {
                Thread.sleep(budget.toMillis() + 1);
                return new Attempt(false, "GET /health: no answer within " + budget.toMillis() + " ms", null, null, "timeout");
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
        var probe = new RefusedThenCutShort();
        var result = new ReadinessWaiter().await(java.util.List.of(probe), new NothingListening(), Duration.ofMillis(600), new Cancellation());
        assertEquals(ReadinessWaiter.Outcome.TIMED_OUT, result.outcome());
        var tally = result.tallies().getFirst();
        assertTrue(probe.refused > 0 && tally.attempts > probe.refused, "whole attempts, then one cut short: " + tally.attempts);
        assertEquals("GET /health: connection refused", tally.last.outcome(), "what the whole attempts saw");
    }

    /** Refused while there is time; in the deadline's last 200 ms the app answers, 503: an answer, whenever it comes. */
    static final class RefusedThenAnswered implements ReadinessProbe {
        @Override
        public String describe() {
            return "http GET /health";
        }

        @Override
        public Attempt attempt(RunningTarget target, Duration budget) throws InterruptedException {
            if (budget.toMillis() < 200) {
                Thread.sleep(budget.toMillis() + 1); // the answer arrives as the deadline passes
                return new Attempt(false, "GET /health: 503", 503, "{\"status\":\"DOWN\"}", null);
            }
            return new Attempt(false, "GET /health: connection refused", null, null, "connection refused");
        }
    }

    @Test
    void anAnswerInTheDeadlinesLastMomentIsWhatTheProbeSaw() throws Exception {
        var result = new ReadinessWaiter().await(java.util.List.of(new RefusedThenAnswered()), new NothingListening(), Duration.ofMillis(600), new Cancellation());
        assertEquals(ReadinessWaiter.Outcome.TIMED_OUT, result.outcome());
        assertEquals("GET /health: 503", result.tallies().getFirst().last.outcome(), "an HTTP answer is never a cut-short attempt");
    }
}
