package io.shakedown.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One monitor as written in monitors.yaml or sent to the API (docs/monitors.md): a spec, a schedule
 * ({@code every} or {@code cron} + {@code timezone}), state thresholds, alert channels and maintenance windows.
 * Stored as JSON in {@code monitor.definition}, channel secrets included (the API never shows them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitorDefinition(
        String name,
        ObjectNode spec,
        Duration every,
        String cron,
        String timezone,
        int failureThreshold,
        int successThreshold,
        Duration degradedAfter,
        boolean degradedOnWarnings,
        Duration remindEvery,
        List<Channel> channels,
        List<Maintenance> maintenance,
        boolean isPublic,
        boolean paused) {

    public static final int DEFAULT_FAILURE_THRESHOLD = 2;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;

    /** An alert channel: {@code webhook} (url, secret), {@code slack} (url) or {@code email} (to). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Channel(String name, String type, String url, String secret, List<String> to) {
        public String label(int index) {
            return name != null ? name : type + "#" + index;
        }

        /** As the API shows it: the secret replaced by whether one is set. */
        public Channel withoutSecret() {
            return new Channel(name, type, url, secret == null ? null : "(set)", to);
        }
    }

    /** A one-off window ({@code from}/{@code to}) or a recurring one ({@code cron} start, {@code duration}, {@code timezone}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Maintenance(Instant from, Instant to, String cron, Duration duration, String timezone) {}

    public MonitorDefinition withoutSecrets() {
        return new MonitorDefinition(name, spec, every, cron, timezone, failureThreshold, successThreshold, degradedAfter,
                degradedOnWarnings, remindEvery, channels.stream().map(Channel::withoutSecret).toList(), maintenance, isPublic, paused);
    }
}
