package io.shakedown.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessDiagnoserTest {

    @Test
    void forkFailuresAreRecognisedInTheLog() {
        for (String line : List.of("sh: can't fork: Resource temporarily unavailable", "nc: vfork: Resource temporarily unavailable",
                "Exception in thread \"main\" java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached",
                "bash: fork: retry: Resource temporarily unavailable", "runtime/cgo: pthread_create failed: Resource temporarily unavailable")) {
            assertEquals(java.util.Optional.of(line), ReadinessDiagnoser.forkFailed(List.of("starting", line)), line);
        }
        assertEquals(java.util.Optional.empty(), ReadinessDiagnoser.forkFailed(List.of("connection refused", "Resource temporarily unavailable (read)")));
    }

    @Test
    void namesTheMissingVariableFromCommonMessages() {
        for (String line : List.of(
                "Exception in thread \"main\" java.lang.IllegalStateException: DATABASE_URL is not set",
                "Error: environment variable DATABASE_URL must be set",
                "KeyError: missing required env var DATABASE_URL",
                "panic: required variable DATABASE_URL is empty")) {
            var hint = ReadinessDiagnoser.missingEnvHint(List.of(line), Map.of());
            assertTrue(hint.isPresent(), line);
            assertTrue(hint.get().startsWith("the log says DATABASE_URL is missing"), hint.get());
        }
    }

    @Test
    void ignoresVariablesTheSpecAlreadySetsAndOrdinaryLines() {
        assertEquals(java.util.Optional.empty(), ReadinessDiagnoser.missingEnvHint(
                List.of("DATABASE_URL is not set"), Map.of("DATABASE_URL", "x")));
        assertEquals(java.util.Optional.empty(), ReadinessDiagnoser.missingEnvHint(
                List.of("Started in 1.2s", "GET /health 200"), Map.of()));
    }
}
