package io.shakedown.engine;

import io.shakedown.report.Report;
import io.shakedown.spec.ValidationSpec;

/** The validation pipeline. Front doors (REST, command line) build a spec and call {@link #run}. */
public final class ValidationEngine {

    /** Runs the whole pipeline and always returns a report; it never throws for app or Docker problems. */
    public Report run(ValidationSpec spec, RunContext ctx) {
        throw new UnsupportedOperationException("engine not written yet");
    }
}
