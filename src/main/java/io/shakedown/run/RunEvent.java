package io.shakedown.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A progress event of a run, as streamed to the terminal and over SSE.
 * {@code type} is one of: stage-started, stage-finished, check-finished, flow-finished, page-finished, finding, lint, log, diagnosis,
 * verdict (the engine's), and status (the API's, for a run another replica executes; docs/api.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEvent(Instant at, String type, String stage, String status, String message) {

    public static RunEvent of(String type, String stage, String status, String message) {
        return new RunEvent(Instant.now(), type, stage, status, message);
    }
}
