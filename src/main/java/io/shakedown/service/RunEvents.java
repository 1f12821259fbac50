package io.shakedown.service;

import io.shakedown.store.RunStatus;
import io.shakedown.store.ValidationRun;
import io.shakedown.run.RunEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * In-memory progress of the runs of this instance: a bounded replay buffer per run for SSE followers,
 * and completion signals for {@code ?wait} requests. Nothing here is durable; the database is the truth,
 * and every follower also polls it so runs executed by another replica still end.
 *
 * <p>State is kept only for runs executed here: a channel this replica did not {@linkplain #open open} (a follower
 * of a queued run that another replica then claimed) goes with its last follower, and a run's waiters go with the
 * last of them. Without that, every run followed or awaited here but executed elsewhere left an entry for ever.
 */
@ApplicationScoped
public class RunEvents {

    static final int BUFFER = 500;
    static final Duration RETAIN_AFTER_END = Duration.ofMinutes(5);
    static final Duration POLL = Duration.ofMillis(500);

    private final Map<UUID, Channel> channels = new ConcurrentHashMap<>();
    /** Completed with the run as stored when it ended here, or with null (ended elsewhere, wait over): then read it. */
    private final Map<UUID, List<CompletableFuture<ValidationRun>>> waiters = new ConcurrentHashMap<>();
    // timeouts, evictions and database polls; blocking database calls are fine on this platform thread
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "shakedown-run-events");
        t.setDaemon(true);
        return t;
    });

    /** Starts buffering a run's events: it executes here (idempotent). */
    public void open(UUID id) {
        channels.compute(id, (k, c) -> {
            Channel channel = c == null ? new Channel() : c;
            channel.executedHere = true;
            return channel;
        });
    }

    public void publish(UUID id, RunEvent event) {
        Channel c = channels.get(id);
        if (c != null) c.publish(event);
    }

    /**
     * The run ended (on this instance, or a queued run was closed here): send the final verdict event, end followers,
     * release waiters. Its events stay a while for late followers only if it executed here.
     */
    public void finished(UUID id, RunStatus status, String summary) {
        finished(id, status, summary, null);
    }

    /** As above; {@code stored}: the run's row as the database now has it (null: not at hand), handed to the waiters. */
    public void finished(UUID id, RunStatus status, String summary, ValidationRun stored) {
        Channel c = channels.get(id);
        if (c != null) {
            c.close(RunEvent.of("verdict", null, status.name(), summary));
            if (c.executedHere) timer.schedule(() -> channels.remove(id, c), RETAIN_AFTER_END.toMillis(), TimeUnit.MILLISECONDS);
            else channels.remove(id, c);
        }
        List<CompletableFuture<ValidationRun>> w = waiters.remove(id);
        if (w != null) w.forEach(f -> f.complete(stored));
    }

    /** True when this instance holds events of the run (running here, or ended here a short while ago). */
    public boolean hasChannel(UUID id) {
        return channels.containsKey(id);
    }

    /** How many runs this instance keeps state for (channels, waiters): bounded by the runs executed here. */
    int runsTracked() {
        var ids = new java.util.HashSet<>(channels.keySet());
        ids.addAll(waiters.keySet());
        return ids.size();
    }

    /**
     * Replays the buffered events then follows live ones. {@code externalEnd} is polled: when it yields an
     * event (the run ended or moved elsewhere, seen in the database), that event is sent and the stream ends.
     */
    public Multi<RunEvent> follow(UUID id, Supplier<Optional<RunEvent>> externalEnd) {
        return Multi.createFrom().<RunEvent>emitter(emitter -> {
            Channel c = channels.compute(id, (k, existing) -> {
                Channel channel = existing == null ? new Channel() : existing;
                channel.reserved++; // counted before attach, atomically with the lookup: a leaving follower cannot drop it meanwhile
                return channel;
            });
            var poll = timer.scheduleWithFixedDelay(() -> {
                try {
                    externalEnd.get().ifPresent(ev -> c.endOne(emitter, ev));
                } catch (RuntimeException e) {
                    // the database may be briefly unavailable; try again next tick
                }
            }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                poll.cancel(false);
                c.detach(emitter);
                // the last follower of a run that does not execute here takes its channel with it
                channels.computeIfPresent(id, (k, existing) -> existing == c && --c.reserved == 0 && !c.executedHere ? null : existing);
            });
            c.attach(emitter);
        }, BackPressureStrategy.BUFFER);
    }

    /**
     * Completes when the run ends on this instance (with its row as stored, when {@link #finished} had it), when
     * {@code isFinished} (a database check, polled) says so for a run executed elsewhere, or after {@code max},
     * whichever first (then with null: read the run). No thread waits meanwhile.
     */
    public Uni<ValidationRun> awaitEnd(UUID id, Duration max, Supplier<Boolean> isFinished) {
        var f = new CompletableFuture<ValidationRun>();
        waiters.compute(id, (k, w) -> {
            List<CompletableFuture<ValidationRun>> list = w == null ? new CopyOnWriteArrayList<>() : w;
            list.add(f);
            return list;
        });
        var poll = timer.scheduleWithFixedDelay(() -> {
            try {
                if (isFinished.get()) f.complete(null);
            } catch (RuntimeException e) {
                // keep waiting; the timeout bounds it
            }
        }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        var timeout = timer.schedule(() -> f.complete(null), max.toMillis(), TimeUnit.MILLISECONDS);
        f.whenComplete((v, e) -> {
            poll.cancel(false);
            timeout.cancel(false);
            waiters.computeIfPresent(id, (k, w) -> {
                w.remove(f);
                return w.isEmpty() ? null : w; // the last waiter takes the entry with it
            });
        });
        return Uni.createFrom().completionStage(f);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** One run's replay buffer and live followers; all access synchronized so replay and live never interleave. */
    private static final class Channel {
        private final ArrayDeque<RunEvent> buffer = new ArrayDeque<>();
        private final List<MultiEmitter<? super RunEvent>> followers = new ArrayList<>();
        private boolean closed;
        /** Set by {@link #open}: the run executes on this instance (else the channel only serves followers). */
        volatile boolean executedHere;
        /** Followers that took this channel and have not terminated (changed only inside the map's compute). */
        int reserved;

        synchronized void publish(RunEvent event) {
            if (closed) return;
            if (buffer.size() == BUFFER) buffer.removeFirst();
            buffer.addLast(event);
            List.copyOf(followers).forEach(f -> f.emit(event));
        }

        synchronized void close(RunEvent last) {
            if (closed) return;
            publish(last);
            closed = true;
            // complete() runs the follower's termination callback, which detaches it from this very list: copy first
            var ending = List.copyOf(followers);
            followers.clear();
            ending.forEach(MultiEmitter::complete);
        }

        synchronized void attach(MultiEmitter<? super RunEvent> emitter) {
            buffer.forEach(emitter::emit);
            if (closed) emitter.complete();
            else followers.add(emitter);
        }

        synchronized void detach(MultiEmitter<? super RunEvent> emitter) {
            followers.remove(emitter);
        }

        /** Ends one follower with an event learnt from the database, unless the channel already ended it. */
        synchronized void endOne(MultiEmitter<? super RunEvent> emitter, RunEvent event) {
            if (!followers.remove(emitter)) return;
            emitter.emit(event);
            emitter.complete();
        }
    }
}
