package io.shakedown.report;

public enum StageStatus {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED,
    CANCELLED
}
