package io.shakedown.run;

/** Receives a run's progress. Called from engine threads; implementations must be quick and thread-safe. */
@FunctionalInterface
public interface RunListener {
    RunListener NONE = event -> {};

    void onEvent(RunEvent event);
}
