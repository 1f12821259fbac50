package io.shakedown.engine;

import io.shakedown.report.Report;
import io.shakedown.spec.ValidationSpec;
import java.util.function.Predicate;

/** The validation pipeline. Front doors (REST, command line) build a spec and call {@link #run}. */
public final class ValidationEngine implements AutoCloseable {

    public ValidationEngine(EngineSettings settings) {
    }

    /** Runs the whole pipeline and always returns a report; it never throws for app or Docker problems. */
    public Report run(ValidationSpec spec, RunContext ctx) {
        throw new UnsupportedOperationException("engine not written yet");
    }

    /**
     * Stops and removes this installation's labelled containers whose run id {@code isLive} rejects.
     * Returns how many were removed. Called at service start and periodically.
     */
    public int reapContainers(Predicate<String> isLive) {
        throw new UnsupportedOperationException("engine not written yet");
    }

    @Override
    public void close() {
    }
}
