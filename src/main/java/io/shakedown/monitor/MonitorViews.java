package io.shakedown.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API (and the web UI) show of monitors: the JSON documented in docs/monitors.md. */
public final class MonitorViews {
    private MonitorViews() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Monitor(UUID id, String name, String project, MonitorState state, String stateReason, Instant stateSince,
                          boolean paused, boolean inMaintenance, String every, String cron, String timezone, Instant nextTickAt,
                          int failureThreshold, int successThreshold, String degradedAfter, boolean degradedOnWarnings,
                          String remindEvery, List<MonitorDefinition.Channel> channels, List<MonitorDefinition.Maintenance> maintenance,
                          @JsonProperty("public") boolean isPublic, Uptime uptime, LastRun lastRun, JsonNode spec,
                          Instant createdAt, Instant updatedAt, Map<String, String> links) {}

    /** Share of checked runs that passed (maintenance and ERROR runs not counted), in percent; null without runs. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Uptime(@JsonProperty("24h") Double day, @JsonProperty("7d") Double week, @JsonProperty("30d") Double month) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastRun(UUID id, String status, String summary, Instant finishedAt) {}

    public record History(Monitor monitor, Uptime uptime, List<Incident> incidents, List<Run> runs, List<Skip> skipped) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Incident(UUID id, MonitorState state, String reason, Instant startedAt, Instant endedAt, Long durationMs,
                           boolean ongoing, UUID firstFailingRunId, String firstFailingRun) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(UUID id, String status, String summary, Instant scheduledAt, Instant startedAt, Instant finishedAt,
                      Long durationMs, Long startDelayMs, boolean inMaintenance, @JsonRawValue String figures, boolean reportKept,
                      String link) {}

    public record Skip(Instant scheduledAt, String reason) {}

    /**
     * The newest screenshot the monitor's runs took (the browser stage, on by default, opens the staging URL's pages):
     * of {@code runId}'s first failing page, else its first page, else its failing browser flow; {@code what} names it
     * ("page /", "flow sign in"); {@code image} is the report's {@code data:image/jpeg;base64,...} URI.
     */
    public record Screenshot(UUID runId, String runStatus, Instant finishedAt, String what, String pageStatus, String image) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alert(UUID id, String kind, MonitorState from, MonitorState to, UUID runId, Instant createdAt,
                        @JsonRawValue String payload, List<Delivery> deliveries) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(UUID id, UUID alertId, String channel, String type, String status, int attempts, Integer lastStatus,
                           String lastError, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {}

    public record ApplyOutcome(List<String> created, List<String> updated, List<String> unchanged, List<String> deleted, boolean dryRun) {}
}
