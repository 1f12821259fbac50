package io.shakedown.engine;

/** Who a run is (its id, stamped on containers as a label), where its progress goes, and its cancel switch. */
public record RunContext(String runId, RunListener listener, Cancellation cancellation) {}
