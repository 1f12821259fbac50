package io.shakedown.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.shakedown.report.Verdict;
import io.shakedown.store.RunStatus;
import io.shakedown.store.ValidationRun;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A run as the API shows it; {@code report} is the stored JSON embedded as is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        UUID id,
        String app,
        String environment,
        RunStatus status,
        Verdict verdict,
        String summary,
        String target,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        Boolean cancelRequested,
        Map<String, String> links,
        @JsonRawValue String report) {

    static RunView of(ValidationRun r, boolean withReport) {
        String self = ValidationResource.BASE + "/" + r.id;
        var links = new LinkedHashMap<String, String>();
        links.put("self", self);
        links.put("events", self + "/events");
        if (r.report != null) links.put("report", self + "/report");
        Long duration = r.startedAt != null && r.finishedAt != null
                ? Duration.between(r.startedAt, r.finishedAt).toMillis() : null;
        return new RunView(r.id, r.app, r.environment, r.status, r.status.verdict(), r.summary, r.target,
                r.createdAt, r.startedAt, r.finishedAt, duration,
                r.cancelRequested && !r.status.isTerminal() ? Boolean.TRUE : null,
                links, withReport ? r.report : null);
    }
}
