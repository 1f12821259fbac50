package io.shakedown.rules;

import java.util.List;

/** Three-valued outcome of a condition: holds (with its matches), fails, or unknown (the evidence was not available). */
record ConditionResult(State state, List<Match> matches) {
    enum State { HOLDS, FAILS, UNKNOWN }

    static final ConditionResult FAILS = new ConditionResult(State.FAILS, List.of());
    static final ConditionResult UNKNOWN = new ConditionResult(State.UNKNOWN, List.of());

    /** Holds with these matches; no match at all is a plain failure. */
    static ConditionResult holds(List<Match> m) {
        return m.isEmpty() ? FAILS : new ConditionResult(State.HOLDS, m);
    }

    boolean holds() {
        return state == State.HOLDS;
    }
}
