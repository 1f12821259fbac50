package io.shakedown.monitor;

import io.shakedown.store.RunStore;
import io.shakedown.store.Sql;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every read and write of the {@code monitor} table for the API and {@code monitors apply}. A project sees only its
 * own monitors (null project: authentication is off, all of them); another project's monitor is "not found".
 */
@ApplicationScoped
public class MonitorStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String COLUMNS = """
            id, project, name, spec_text, cast(definition as text) as definition, paused, badge_key, state, state_reason,
            state_since, settled, failures, successes, errors, next_tick_at, last_run_id, last_alert_at, streak_run_id,
            created_at, updated_at""";

    @Inject Sql sql;
    @Inject RunStore runs;

    Sql db() {
        return sql;
    }

    static MonitorRow row(ResultSet rs) throws SQLException {
        return new MonitorRow(Sql.uuid(rs, "id"), rs.getString("project"), rs.getString("name"), rs.getString("spec_text"),
                MonitorJson.read(rs.getString("definition"), MonitorDefinition.class), rs.getBoolean("paused"),
                rs.getString("badge_key"), MonitorState.valueOf(rs.getString("state")), rs.getString("state_reason"),
                Sql.instant(rs, "state_since"), rs.getBoolean("settled"), rs.getInt("failures"), rs.getInt("successes"),
                rs.getInt("errors"), Sql.instant(rs, "next_tick_at"), Sql.uuid(rs, "last_run_id"), Sql.instant(rs, "last_alert_at"),
                Sql.uuid(rs, "streak_run_id"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }

    public Optional<MonitorRow> find(UUID id, String project) {
        return QuarkusTransaction.joiningExisting().call(() -> db().one("select " + COLUMNS + " from monitor where id = ?"
                + " and (cast(? as varchar) is null or project = ?)", MonitorStore::row, id, project, project));
    }

    public Optional<MonitorRow> findByName(String name, String project) {
        return QuarkusTransaction.joiningExisting().call(() -> db().one("select " + COLUMNS + " from monitor where name = ?"
                + " and coalesce(project, '') = coalesce(cast(? as varchar), '')", MonitorStore::row, name, project));
    }

    /** A monitor by id or, when {@code ref} is not a UUID, by name. */
    public Optional<MonitorRow> resolve(String ref, String project) {
        try {
            return find(UUID.fromString(ref), project);
        } catch (IllegalArgumentException e) {
            return findByName(ref, project);
        }
    }

    public List<MonitorRow> list(String project) {
        return QuarkusTransaction.joiningExisting().call(() -> db().list("select " + COLUMNS + " from monitor"
                + " where cast(? as varchar) is null or project = ? order by name", MonitorStore::row, project, project));
    }

    /** Creates a monitor; empty when the project already has one of that name. */
    public Optional<MonitorRow> create(String project, MonitorDefinition d) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            if (findByName(d.name(), project).isPresent()) return Optional.<MonitorRow>empty();
            UUID id = UUID.randomUUID();
            Instant now = Instant.now();
            MonitorState state = d.paused() ? MonitorState.PAUSED : MonitorState.UNKNOWN;
            db().update("""
                    insert into monitor (id, project, name, spec_text, definition, paused, badge_key, state, state_reason, state_since,
                                         next_tick_at, created_at, updated_at)
                    values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?)""",
                    id, project, d.name(), MonitorJson.write(d.spec()), MonitorJson.write(d), d.paused(),
                    d.isPublic() ? newBadgeKey() : null, state, d.paused() ? "paused" : "no run yet", now,
                    Schedule.of(d, id).nextAfter(now), now, now);
            return find(id, project);
        });
    }

    /** Replaces the definition; the state is kept unless the monitor is paused or resumed by it. */
    public MonitorRow update(MonitorRow current, MonitorDefinition d) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Instant now = Instant.now();
            String badge = d.isPublic() ? (current.badgeKey() != null ? current.badgeKey() : newBadgeKey()) : null;
            boolean scheduleChanged = !Objects.equals(d.every(), current.definition().every())
                    || !Objects.equals(d.cron(), current.definition().cron())
                    || !Objects.equals(d.timezone(), current.definition().timezone());
            Instant next = scheduleChanged || current.nextTickAt() == null ? Schedule.of(d, current.id()).nextAfter(now) : current.nextTickAt();
            db().update("""
                    update monitor set name = ?, spec_text = ?, definition = cast(? as jsonb), badge_key = ?, next_tick_at = ?, updated_at = ?
                     where id = ?""",
                    d.name(), MonitorJson.write(d.spec()), MonitorJson.write(d), badge, next, now, current.id());
            if (d.paused() != current.paused()) setPaused(current.id(), d.paused());
            return find(current.id(), null).orElseThrow();
        });
    }

    /**
     * Deletes a monitor. Its runs stay (their monitor_id becomes null) and are no longer waiting to be counted: a run
     * still queued or running is released here too, since nothing would evaluate it once its monitor is gone. The
     * monitor's row is locked first so a scheduling pass (which locks it to insert a tick's run) cannot slip a pending
     * run in between.
     */
    public boolean delete(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            if (db().one("select id from monitor where id = ? for update", rs -> Sql.uuid(rs, "id"), id).isEmpty()) return false;
            runs.releaseMonitorRuns(id);
            return db().update("delete from monitor where id = ?", id) > 0;
        });
    }

    /**
     * Pauses (state PAUSED, open incident closed, no alert) or resumes (state UNKNOWN "no data" until the next run;
     * counters reset; next tick from now).
     */
    public void setPaused(UUID id, boolean paused) {
        QuarkusTransaction.joiningExisting().run(() -> {
            MonitorRow m = db().one("select " + COLUMNS + " from monitor where id = ? for update", MonitorStore::row, id).orElseThrow();
            Instant now = Instant.now();
            if (paused) {
                if (m.paused()) return;
                db().update("update monitor_incident set ended_at = ? where monitor_id = ? and ended_at is null", now, id);
                db().update("""
                        update monitor set paused = true, state = 'PAUSED', state_reason = 'paused', state_since = ?, updated_at = ?
                         where id = ?""", now, now, id);
            } else {
                if (!m.paused()) return;
                db().update("""
                        update monitor set paused = false, state = 'UNKNOWN', state_reason = 'resumed; no run yet', state_since = ?,
                               settled = false, failures = 0, successes = 0, errors = 0, streak_run_id = null,
                               next_tick_at = ?, updated_at = ? where id = ?""",
                        now, Schedule.of(m.definition(), id).nextAfter(now), now, id);
            }
        });
    }

    /** What {@code monitors apply} did (or, with dryRun, would do), by monitor name. */
    public record ApplyResult(List<String> created, List<String> updated, List<String> unchanged, List<String> deleted, boolean dryRun) {}

    /**
     * Makes the project's monitors match the file, in one transaction: all of it or (on any error) nothing.
     * {@code prune}: also delete the project's monitors the file does not have.
     */
    public ApplyResult apply(String project, List<MonitorDefinition> file, boolean prune, boolean dryRun) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Map<String, MonitorRow> existing = list(project).stream()
                    .filter(m -> Objects.equals(m.project(), project))
                    .collect(Collectors.toMap(MonitorRow::name, Function.identity()));
            var created = new ArrayList<String>();
            var updated = new ArrayList<String>();
            var unchanged = new ArrayList<String>();
            var deleted = new ArrayList<String>();
            for (MonitorDefinition d : file) {
                MonitorRow m = existing.get(d.name());
                if (m == null) {
                    created.add(d.name());
                    if (!dryRun) create(project, d);
                } else if (same(m.definition(), d)) {
                    unchanged.add(d.name());
                } else {
                    updated.add(d.name());
                    if (!dryRun) update(m, d);
                }
            }
            if (prune) {
                var keep = MonitorReader.names(file);
                for (MonitorRow m : existing.values()) {
                    if (!keep.contains(m.name())) {
                        deleted.add(m.name());
                        if (!dryRun) delete(m.id());
                    }
                }
            }
            deleted.sort(null);
            return new ApplyResult(created, updated, unchanged, deleted, dryRun);
        });
    }

    private static boolean same(MonitorDefinition a, MonitorDefinition b) {
        JsonNode x = MonitorJson.MAPPER.valueToTree(a);
        JsonNode y = MonitorJson.MAPPER.valueToTree(b);
        return x.equals(y);
    }

    static String newBadgeKey() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
