package io.shakedown.monitor;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * When a monitor's ticks fall. Ticks are a pure function of the definition and the monitor id, so every replica
 * computes the same instants (the database's unique key on monitor + tick then lets only one of them run it).
 *
 * <p>Jitter: monitors sharing a schedule are spread by a fixed offset derived from their id — over the whole
 * interval for {@code every:}, over at most a minute (and never more than the gap to the next firing) for cron.
 */
public final class Schedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    static final Duration MAX_CRON_JITTER = Duration.ofMinutes(1);

    private final Duration every;
    private final ExecutionTime cron;
    private final ZoneId zone;
    private final long offsetMs;

    private Schedule(Duration every, ExecutionTime cron, ZoneId zone, long offsetMs) {
        this.every = every;
        this.cron = cron;
        this.zone = zone;
        this.offsetMs = offsetMs;
    }

    public static Schedule of(MonitorDefinition d, UUID id) {
        long seed = id.getLeastSignificantBits() ^ id.getMostSignificantBits();
        if (d.every() != null) {
            return new Schedule(d.every(), null, ZoneOffset.UTC, Math.floorMod(seed, d.every().toMillis()));
        }
        ExecutionTime cron = ExecutionTime.forCron(parseCron(d.cron()));
        ZoneId zone = d.timezone() == null ? ZoneOffset.UTC : ZoneId.of(d.timezone());
        Duration gap = cronGap(cron, zone).orElse(MAX_CRON_JITTER);
        long spread = Math.max(1, Math.min(gap.toMillis(), MAX_CRON_JITTER.toMillis()));
        return new Schedule(null, cron, zone, Math.floorMod(seed, spread));
    }

    /** Parses a five-field Unix cron expression; IllegalArgumentException with cron-utils' message otherwise. */
    public static Cron parseCron(String expression) {
        Cron c = UNIX.parse(expression.trim());
        c.validate();
        return c;
    }

    /** Whether the expression fires at all from now on ({@code 0 0 30 2 *} never does). */
    static boolean firesAgain(ExecutionTime cron, ZoneId zone) {
        try {
            return cron.nextExecution(ZonedDateTime.now(zone)).isPresent();
        } catch (RuntimeException e) {
            return false; // cron-utils gives up searching for a date that does not exist
        }
    }

    /** The gap between the next two firings after now: the schedule's effective interval for the minimum check. */
    static Optional<Duration> cronGap(ExecutionTime cron, ZoneId zone) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        Optional<ZonedDateTime> first = cron.nextExecution(now);
        Optional<ZonedDateTime> second = first.flatMap(cron::nextExecution);
        return second.map(s -> Duration.between(first.get(), s));
    }

    /** The first tick strictly after {@code t}. */
    public Instant nextAfter(Instant t) {
        if (every != null) {
            long p = every.toMillis();
            long k = Math.floorDiv(t.toEpochMilli() - offsetMs, p) + 1;
            return Instant.ofEpochMilli(k * p + offsetMs);
        }
        Instant shifted = t.minusMillis(offsetMs);
        return cron.nextExecution(shifted.atZone(zone)).map(z -> z.toInstant().plusMillis(offsetMs))
                .orElse(Instant.MAX.minusSeconds(86_400)); // an expression that never fires again
    }

    /** The last tick at or before {@code t}. */
    public Instant latestAtOrBefore(Instant t) {
        if (every != null) {
            long p = every.toMillis();
            long k = Math.floorDiv(t.toEpochMilli() - offsetMs, p);
            return Instant.ofEpochMilli(k * p + offsetMs);
        }
        Instant shifted = t.minusMillis(offsetMs).plusMillis(1); // "at or before": lastExecution is strictly before
        return cron.lastExecution(shifted.atZone(zone)).map(z -> z.toInstant().plusMillis(offsetMs)).orElse(t);
    }

    /** Whether {@code t} lies in the window (recurring windows start at each cron firing and last {@code duration}). */
    public static boolean inWindow(MonitorDefinition.Maintenance w, Instant t) {
        if (w.from() != null) return !t.isBefore(w.from()) && t.isBefore(w.to());
        ZoneId zone = w.timezone() == null ? ZoneOffset.UTC : ZoneId.of(w.timezone());
        ExecutionTime start = ExecutionTime.forCron(parseCron(w.cron()));
        return start.lastExecution(t.plusMillis(1).atZone(zone))
                .map(s -> t.isBefore(s.toInstant().plus(w.duration())))
                .orElse(false);
    }
}
