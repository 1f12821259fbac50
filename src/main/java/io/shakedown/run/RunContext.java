package io.shakedown.run;

import java.util.Map;

/**
 * Who a run is (its id, stamped on containers as a label), where its progress goes, its cancel switch, and the
 * values of the spec's declared secrets (held in memory for the run only; never in a report or event).
 */
public record RunContext(String runId, RunListener listener, Cancellation cancellation, Map<String, String> secrets) {

    public RunContext(String runId, RunListener listener, Cancellation cancellation) {
        this(runId, listener, cancellation, Map.of());
    }

    public RunContext {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** Never print the values. */
    @Override
    public String toString() {
        return "RunContext[" + runId + ", secrets=" + secrets.keySet() + "]";
    }
}
