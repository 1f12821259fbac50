package io.shakedown.report;

/**
 * The outcome a pipeline gates on. FAILED means the app is broken; ERROR means Shakedown could not do
 * its job (no Docker engine, image not found, internal error); CANCELLED means someone stopped the run.
 */
public enum Verdict {
    PASSED,
    FAILED,
    ERROR,
    CANCELLED;

    /** Exit code of the one-shot command: 0 PASSED, 1 FAILED, 2 anything else. */
    public int exitCode() {
        return switch (this) {
            case PASSED -> 0;
            case FAILED -> 1;
            default -> 2;
        };
    }
}
