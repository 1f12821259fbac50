package io.shakedown.store;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Secret values of accepted runs, in this process's memory only, from submission until the run ends. Never
 * written to the database, a log or a report: after a restart they are gone, and such a run ends ERROR.
 *
 * <p>The run's end is not always seen here: a QUEUED run cancelled through another replica, or closed by another
 * replica's recovery, ends in the database only. So every heartbeat the vault {@linkplain #sweep asks the database}
 * and drops the values of runs that ended anywhere, and of runs whose row never appeared (the submission's
 * transaction rolled back) once {@link #UNCOMMITTED_GRACE} has passed.
 */
@ApplicationScoped
public class SecretVault {
    public static final String LOST = "secret values were lost (service restarted); submit again";
    /** Values are put before the run's row commits: a run without a row is given this long before its values go. */
    static final Duration UNCOMMITTED_GRACE = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(SecretVault.class);

    private record Held(Map<String, String> values, Instant since) {}

    private final Map<UUID, Held> byRun = new ConcurrentHashMap<>();

    @Inject RunStore runs;

    public void put(UUID run, Map<String, String> secrets) {
        if (!secrets.isEmpty()) byRun.put(run, new Held(Map.copyOf(secrets), Instant.now()));
    }

    public Optional<Map<String, String>> get(UUID run) {
        return Optional.ofNullable(byRun.get(run)).map(Held::values);
    }

    public void forget(UUID run) {
        byRun.remove(run);
    }

    @Scheduled(every = "${shakedown.replicas.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (byRun.isEmpty()) return;
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("could not check which runs with secret values have ended; trying again at the next heartbeat", e);
        }
    }

    /**
     * Drops the values of runs that ended on any replica, and of runs still without a row {@link #UNCOMMITTED_GRACE}
     * after their values came in, as of {@code now} (public: tests drive it).
     */
    public void sweep(Instant now) {
        Set<UUID> held = Set.copyOf(byRun.keySet());
        runs.ended(held).forEach(this::forget);
        Set<UUID> old = held.stream().filter(id -> {
            Held h = byRun.get(id);
            return h != null && h.since().plus(UNCOMMITTED_GRACE).isBefore(now);
        }).collect(java.util.stream.Collectors.toSet());
        Set<UUID> withRow = runs.existing(old);
        old.stream().filter(id -> !withRow.contains(id)).forEach(this::forget);
    }

    /** How many runs' values this instance holds. */
    public int size() {
        return byRun.size();
    }

    @Override
    public String toString() {
        return "SecretVault[" + byRun.size() + " run(s)]";
    }
}
