package io.shakedown.service;

import io.shakedown.run.RunEvent;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * A run's events as its followers get them (the API's event stream and the UI's live rows): the events so far, then
 * live ones, then a final {@code verdict} event. A run that already ended (or runs on another replica) gets one event
 * with its state, then the end.
 */
@ApplicationScoped
public class RunStreams {

    @Inject RunEvents events;
    @Inject RunStore store;
    @Inject InstanceIdentity identity;

    /** {@code run}: one the caller may see (the caller checked). */
    public Multi<RunEvent> follow(ValidationRun run) {
        UUID id = run.id;
        return (run.status.isTerminal() && !events.hasChannel(id)) || runsElsewhere(run)
                ? Multi.createFrom().item(endEvent(run).orElseThrow())
                : events.follow(id, () -> store.find(id).flatMap(this::endEvent));
    }

    /** The event that ends a follower, if the stored state calls for one: the verdict, or "runs elsewhere". */
    private Optional<RunEvent> endEvent(ValidationRun r) {
        if (r.status.isTerminal()) return Optional.of(RunEvent.of("verdict", null, r.status.name(), r.summary));
        if (runsElsewhere(r)) {
            return Optional.of(RunEvent.of("status", null, r.status.name(),
                    "running on instance " + r.ownerInstance + "; its live events are only available there"));
        }
        return Optional.empty();
    }

    private boolean runsElsewhere(ValidationRun r) {
        return r.status == RunStatus.RUNNING && !identity.id().equals(r.ownerInstance);
    }
}
