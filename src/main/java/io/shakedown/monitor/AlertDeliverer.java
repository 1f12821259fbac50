package io.shakedown.monitor;

import io.shakedown.store.Sql;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shakedown.probe.HttpProbe;
import io.shakedown.spec.Units;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Sends PENDING alert deliveries: a generic webhook (the alert JSON, signed {@code X-Shakedown-Signature: sha256=<hex
 * HMAC-SHA256 of the body with the channel's secret>}), a Slack incoming webhook ({@code {"text": ...}}) or an e-mail
 * (quarkus-mailer, SMTP). A failed attempt is retried with exponential backoff up to
 * {@code shakedown.monitors.alerts.max-attempts}, then recorded FAILED with its last error. Sending happens outside
 * any transaction and off the scheduler thread, so a slow or broken channel never holds up monitors or other channels.
 */
@ApplicationScoped
public class AlertDeliverer {

    private static final Logger LOG = Logger.getLogger(AlertDeliverer.class);
    public static final String SIGNATURE_HEADER = "X-Shakedown-Signature";

    @Inject MonitorStore store;
    @Inject MonitorSettings monitorSettings;
    @Inject Mailer mailer;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("shakedown-alert-", 0).factory());

    private record Claimed(UUID id, UUID monitorId, String channel, String type, int attempts, String payload, String definition) {}

    @Scheduled(every = "${shakedown.monitors.tick-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "2s")
    void poll() {
        if (!monitorSettings.enabled()) return;
        try {
            for (Claimed c : claim()) senders.execute(() -> deliver(c));
        } catch (RuntimeException e) {
            LOG.warn("claiming alert deliveries failed; retrying on the next tick", e);
        }
    }

    /** Takes due deliveries with a lease (next_attempt_at pushed past the send timeout), so no other replica sends them meanwhile. */
    private List<Claimed> claim() {
        long leaseMs = monitorSettings.alerts().timeout().toMillis() * 3 + 5000;
        return QuarkusTransaction.requiringNew().call(() -> store.db().list("""
                with due as (
                    select id from alert_delivery where status = 'PENDING' and next_attempt_at <= now()
                     order by next_attempt_at limit 50 for update skip locked)
                update alert_delivery d set next_attempt_at = now() + (? * interval '1 millisecond')
                  from due, monitor_alert a, monitor m
                 where d.id = due.id and a.id = d.alert_id and m.id = d.monitor_id
                returning d.id, d.monitor_id, d.channel, d.channel_type, d.attempts, cast(a.payload as text) as payload,
                          cast(m.definition as text) as definition""",
                rs -> new Claimed(Sql.uuid(rs, "id"), Sql.uuid(rs, "monitor_id"), rs.getString("channel"), rs.getString("channel_type"),
                        rs.getInt("attempts"), rs.getString("payload"), rs.getString("definition")), leaseMs));
    }

    private void deliver(Claimed c) {
        Integer status = null;
        String error = null;
        try {
            MonitorDefinition d = MonitorJson.read(c.definition(), MonitorDefinition.class);
            MonitorDefinition.Channel channel = null;
            for (int i = 0; i < d.channels().size(); i++) if (d.channels().get(i).label(i).equals(c.channel())) channel = d.channels().get(i);
            if (channel == null) {
                record(c, null, "the channel is no longer configured on the monitor", true);
                return;
            }
            ObjectNode payload = (ObjectNode) MonitorJson.MAPPER.readTree(c.payload());
            switch (channel.type()) {
                case "webhook" -> status = post(channel.url(), MonitorJson.write(payload), channel.secret(), payload.path("event").asText());
                case "slack" -> status = post(channel.url(), MonitorJson.write(slack(payload)), null, null);
                case "email" -> email(channel, payload);
                default -> throw new IllegalStateException("unknown channel type " + channel.type());
            }
            if (status != null && (status < 200 || status > 299)) error = "HTTP " + status;
        } catch (HttpTimeoutException e) {
            error = "timed out after " + Units.format(monitorSettings.alerts().timeout());
        } catch (ConnectException e) {
            error = "connection refused";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (error != null) LOG.infof("alert delivery %s (%s) attempt %d failed: %s", c.id(), c.channel(), c.attempts() + 1, error);
        record(c, status, error, false);
    }

    private Integer post(String url, String body, String secret, String event) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(monitorSettings.alerts().timeout())
                .header("Content-Type", "application/json").header("User-Agent", "Shakedown-Alerts");
        if (secret != null) request.header(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
        if (event != null) request.header("X-Shakedown-Event", event);
        // the whole exchange within the timeout: a receiver that answers and never ends its body holds no delivery thread
        return HttpProbe.exchange(http, request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                monitorSettings.alerts().timeout()).statusCode();
    }

    /** Hex HMAC-SHA256 of {@code body} with {@code secret}: what a receiver recomputes to check X-Shakedown-Signature. */
    public static String sign(String secret, String body) throws NoSuchAlgorithmException, InvalidKeyException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static ObjectNode slack(JsonNode payload) {
        ObjectNode s = MonitorJson.MAPPER.createObjectNode();
        String emoji = switch (payload.path("event").asText()) {
            case "RECOVERED" -> ":white_check_mark: ";
            case "DEGRADED" -> ":warning: ";
            case "UNKNOWN" -> ":grey_question: ";
            default -> ":red_circle: ";
        };
        s.put("text", emoji + payload.path("text").asText());
        return s;
    }

    private void email(MonitorDefinition.Channel channel, JsonNode payload) {
        String subject = "[Shakedown] " + payload.path("text").asText().lines().findFirst().orElse("alert");
        Mail mail = Mail.withText(channel.to().get(0), subject, payload.path("text").asText())
                .setFrom(monitorSettings.alerts().emailFrom());
        channel.to().stream().skip(1).forEach(mail::addTo);
        mailer.send(mail);
    }

    private void record(Claimed c, Integer status, String error, boolean giveUp) {
        int attempts = c.attempts() + 1;
        int max = monitorSettings.alerts().maxAttempts();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (error == null) {
                    store.db().update("update alert_delivery set status = 'DELIVERED', attempts = ?, last_status = ?, last_error = null,"
                            + " delivered_at = now() where id = ?", attempts, status, c.id());
                } else if (giveUp || attempts >= max) {
                    store.db().update("update alert_delivery set status = 'FAILED', attempts = ?, last_status = ?, last_error = ? where id = ?",
                            attempts, status, error, c.id());
                } else {
                    long wait = monitorSettings.alerts().backoff().toMillis() << Math.min(attempts - 1, 16);
                    store.db().update("update alert_delivery set attempts = ?, last_status = ?, last_error = ?,"
                            + " next_attempt_at = ? where id = ?", attempts, status, error, Instant.now().plusMillis(wait), c.id());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not record delivery %s; its lease expires and it is sent again", c.id());
        }
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }
}
