package io.shakedown.monitor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code shakedown.monitors.*}; docs/monitors.md, "Configuration". Its own mapping, so the service layer's config does not depend on monitors. */
@ConfigMapping(prefix = "shakedown.monitors")
public interface MonitorSettings {

    /** Shortest {@code every:} (and cron gap) a monitor may have; tests lower it to seconds. */
    @WithDefault("30s")
    Duration minInterval();

    /** Longest pause of the scheduler between looks for due ticks, and the period of state updates and deliveries. */
    @WithDefault("1s")
    Duration tickEvery();

    /** Switch the scheduler, state updates and alert deliveries off on this replica (the API still works). */
    @WithDefault("true")
    boolean enabled();

    /** Base URL of this service as people reach it, for the run links in alerts (e.g. https://shakedown.example.com). */
    Optional<String> publicUrl();

    Alerts alerts();

    Retention retention();

    /** How long a gate call (Flagger, Argo Rollouts) waits for its run before answering with what it has. */
    @WithDefault("120s")
    Duration gateTimeout();

    interface Alerts {
        /** Attempts per delivery before it is recorded FAILED. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; doubles after each failed attempt. */
        @WithDefault("5s")
        Duration backoff();

        /** Connect + response timeout of one webhook / Slack call. */
        @WithDefault("10s")
        Duration timeout();

        /** Sender of alert e-mails (SMTP itself is quarkus.mailer.*). */
        @WithDefault("shakedown@localhost")
        String emailFrom();
    }

    interface Retention {
        /** Monitor runs older than this keep their summary row (verdict, times, figures) and lose the full report. */
        @WithDefault("7d")
        Duration reportAge();

        /** Summary rows older than this are deleted (uptime looks back 30 days). */
        @WithDefault("400d")
        Duration rowAge();

        /** How often retention runs. */
        @WithDefault("1h")
        Duration every();

        /** Delay of the first retention pass after start. */
        @WithDefault("1m")
        Duration delay();
    }
}
