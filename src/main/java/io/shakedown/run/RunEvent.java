package io.shakedown.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A progress event of a run, as streamed to the terminal and over SSE.
 * {@code type} is one of: stage-started, stage-finished, check-finished, log, diagnosis, verdict.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEvent(Instant at, String type, String stage, String status, String message) {

    public static RunEvent of(String type, String stage, String status, String message) {
        return new RunEvent(Instant.now(), type, stage, status, message);
    }
}
