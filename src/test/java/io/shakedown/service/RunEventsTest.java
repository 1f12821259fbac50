package io.shakedown.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.run.RunEvent;
import io.shakedown.store.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RunEvents keeps state only for runs executed on this instance: following or awaiting a run that another replica
 * executes leaves nothing behind once the follower or waiter is done (issue 21: it used to keep an entry per such run).
 */
class RunEventsTest {

    private final RunEvents events = new RunEvents();

    @AfterEach
    void stop() {
        events.stop();
    }

    @Test
    void aFollowerOfARunExecutedElsewhereLeavesNoState() {
        UUID elsewhere = UUID.randomUUID();
        var ended = new AtomicBoolean();
        // the database says the run now runs on another instance: the follower gets that and its stream ends
        List<RunEvent> got = events.follow(elsewhere, () -> ended.get()
                        ? Optional.of(RunEvent.of("status", null, "RUNNING", "running on instance b"))
                        : Optional.empty())
                .onSubscription().invoke(() -> ended.set(true))
                .collect().asList().await().atMost(Duration.ofSeconds(10));
        assertEquals("running on instance b", got.get(got.size() - 1).message());
        // the follower's termination callback runs just after its stream completes
        io.shakedown.api.Poll.until(Duration.ofSeconds(5), () -> !events.hasChannel(elsewhere));
        assertEquals(0, events.runsTracked(), "no channel is kept for a run executed elsewhere");
    }

    @Test
    void waitersOfARunExecutedElsewhereLeaveNoState() {
        UUID elsewhere = UUID.randomUUID();
        events.awaitEnd(elsewhere, Duration.ofSeconds(10), () -> true).await().atMost(Duration.ofSeconds(10));
        events.awaitEnd(UUID.randomUUID(), Duration.ofMillis(50), () -> false).await().atMost(Duration.ofSeconds(10));
        io.shakedown.api.Poll.until(Duration.ofSeconds(5), () -> events.runsTracked() == 0); // ended or timed-out waits leave no entry
    }

    /** ?wait answers from the row the dispatcher just stored: no second read of the run on the answer's path. */
    @Test
    void aWaiterOfARunEndedHereGetsTheRowAsStored() throws Exception {
        UUID here = UUID.randomUUID();
        events.open(here);
        var stored = new io.shakedown.store.ValidationRun();
        stored.id = here;
        stored.status = RunStatus.PASSED;
        var answer = events.awaitEnd(here, Duration.ofSeconds(10), () -> false).subscribeAsCompletionStage();
        events.finished(here, RunStatus.PASSED, "all good", stored);
        org.junit.jupiter.api.Assertions.assertSame(stored, answer.get(5, java.util.concurrent.TimeUnit.SECONDS));
        var timedOut = events.awaitEnd(UUID.randomUUID(), Duration.ofMillis(20), () -> false).await().atMost(Duration.ofSeconds(5));
        assertEquals(null, timedOut, "a wait that is over has no row: the caller reads the run");
    }

    @Test
    void aRunExecutedHereKeepsItsEventsForLateFollowers() {
        UUID here = UUID.randomUUID();
        events.open(here);
        events.publish(here, RunEvent.of("stage-started", "image", null, null));
        events.finished(here, RunStatus.PASSED, "all good");
        assertTrue(events.hasChannel(here), "kept a while for late followers");
        List<RunEvent> late = events.follow(here, Optional::empty).collect().asList().await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("stage-started", "verdict"), late.stream().map(RunEvent::type).toList());
        assertTrue(events.hasChannel(here), "a late follower leaving does not drop the events of a run executed here");
    }

    @Test
    void aQueuedRunCancelledHereEndsItsFollowersAndLeavesNoState() {
        UUID queued = UUID.randomUUID();
        var stream = events.follow(queued, Optional::empty).collect().asList().subscribeAsCompletionStage();
        events.finished(queued, RunStatus.CANCELLED, "cancelled");
        List<RunEvent> got = stream.join();
        assertEquals("CANCELLED", got.get(got.size() - 1).status());
        io.shakedown.api.Poll.until(Duration.ofSeconds(5), () -> !events.hasChannel(queued));
        events.finished(UUID.randomUUID(), RunStatus.CANCELLED, "nobody followed it");
        assertEquals(0, events.runsTracked());
    }
}
