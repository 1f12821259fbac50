package io.shakedown.store;

import io.shakedown.report.Verdict;

/** A run's lifecycle state; the four terminal states are the verdicts. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    PASSED,
    FAILED,
    ERROR,
    CANCELLED;

    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }

    public static RunStatus of(Verdict verdict) {
        return valueOf(verdict.name());
    }

    public Verdict verdict() {
        return isTerminal() ? Verdict.valueOf(name()) : null;
    }
}
