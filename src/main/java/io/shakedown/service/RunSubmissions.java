package io.shakedown.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.store.RunStore;
import io.shakedown.store.SecretVault;
import io.shakedown.store.ValidationRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way a run is created, whoever asks — a submitted spec (API, {@code shakedown submit}), a gate call, a
 * monitor's tick: the run is stored QUEUED by {@link RunStore}, which raises {@link RunStore.RunQueued} (once that
 * commits, {@code shakedown_runs_submitted_total} counts it, monitor runs too), and the dispatcher is woken once the
 * row is visible: after the caller's transaction commits.
 * Parsing and checking the spec is the caller's (each front door answers a bad spec its own way); secret values go
 * to this instance's {@link SecretVault} before the row exists, so whoever claims the run finds them.
 */
@ApplicationScoped
public class RunSubmissions {

    @Inject RunStore store;
    @Inject SecretVault vault;
    @Inject InstanceIdentity identity;
    @Inject RunDispatcher dispatcher;
    @Inject TransactionSynchronizationRegistry transactions;

    /**
     * Queues a checked spec. {@code specFormat} "yaml" or "json"; {@code project} null when authentication is off;
     * {@code filesJson} the files sent with it (null: none); {@code secrets} their values (empty: none).
     */
    public ValidationRun submit(ValidationSpec spec, String specText, String specFormat, String project, String filesJson,
                                Map<String, String> secrets) {
        UUID id = UUID.randomUUID();
        vault.put(id, secrets);
        ValidationRun run;
        try {
            run = store.createQueued(id, spec.app(), spec.environment(), targetOf(spec), specText, specFormat, project, filesJson,
                    secrets.isEmpty() ? null : identity.id());
        } catch (RuntimeException e) {
            vault.forget(id);
            throw e;
        }
        wakeAfterCommit();
        return run;
    }

    /**
     * Queues the run of a monitor's tick (its spec, as JSON, was checked when the monitor was stored); empty when the
     * tick already has its run. Joins the caller's transaction, which holds the monitor's row lock.
     */
    public Optional<UUID> submitTick(UUID monitorId, String project, JsonNode spec, String specText, Instant tick, boolean inMaintenance) {
        JsonNode target = spec.path("target");
        String targetText = target.hasNonNull("url") ? target.get("url").asText() : target.hasNonNull("image") ? target.get("image").asText() : null;
        Optional<UUID> id = store.createMonitorRun(monitorId, project, spec.path("app").asText(null), spec.path("environment").asText(null),
                targetText, specText, tick, inMaintenance);
        if (id.isPresent()) wakeAfterCommit();
        return id;
    }

    /** The dispatcher claims from the database: inside a transaction, the new row is only there once it commits. */
    private void wakeAfterCommit() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            dispatcher.wake();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) dispatcher.wake();
            }
        });
    }

    static String targetOf(ValidationSpec spec) {
        if (spec.target() == null) return null;
        return spec.target().isImage() ? spec.target().image()
                : spec.target().url() == null ? null : spec.target().url().toString();
    }
}
