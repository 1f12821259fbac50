package io.shakedown.monitor;

import java.time.Instant;
import java.util.UUID;

/** A stored monitor: its definition plus the scheduler's and state machine's columns. */
public record MonitorRow(UUID id, String project, String name, String specText, MonitorDefinition definition, boolean paused,
                         String badgeKey, MonitorState state, String stateReason, Instant stateSince, boolean settled,
                         int failures, int successes, int errors, Instant nextTickAt, UUID lastRunId, Instant lastAlertAt,
                         UUID streakRunId, Instant createdAt, Instant updatedAt) {

    StateMachine.Counters counters() {
        return new StateMachine.Counters(state, settled, failures, successes, errors);
    }
}
