package io.shakedown.engine;

import io.shakedown.report.StageStatus;

/**
 * One step of a run, as the report names it. The engine calls {@link #execute} in order unless the stage says
 * it has no part in this run ({@link #appliesTo}) or why it is skipped ({@link #skipReason}). A stage keeps its
 * results in the {@link RunState}; an exception it throws becomes its ERROR (the engine's loop sees to that).
 */
interface Stage {

    /** The stage's name in the report and in progress events. */
    String name();

    /** False when the stage has no part in this run at all (no flows declared): it is not reported. */
    default boolean appliesTo(RunState run) {
        return true;
    }

    /** Why the stage is skipped in this run (reported as SKIPPED), or null to run it. */
    default String skipReason(RunState run) {
        return null;
    }

    /** Does the stage's work, keeps its results in {@code run}, and says how it went. */
    Result execute(RunState run) throws InterruptedException;

    /** The run's summary when it was cancelled during (or right after) this stage. */
    default String cancelledSummary() {
        return "cancelled during " + name();
    }

    /** How a stage went: its status in the report and a short message (may be null). */
    record Result(StageStatus status, String message) {
        static Result passed(String message) {
            return new Result(StageStatus.PASSED, message);
        }

        /** Of {@code total} items (checks, flows), {@code failed} did not pass: "3 passed" or "1 of 3 failed". */
        static Result counted(long failed, int total) {
            return failed == 0 ? passed(total + " passed") : new Result(StageStatus.FAILED, failed + " of " + total + " failed");
        }
    }
}
