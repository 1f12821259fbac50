package io.shakedown.gate;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shakedown.store.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Gates for progressive delivery: a named spec of a project, run against a URL given at call time (a Flagger
 * webhook or an Argo Rollouts web metric). Another project's gate is "not found".
 */
@ApplicationScoped
public class GateStore {

    public record Gate(UUID id, String project, String name, String specText, Instant createdAt, Instant updatedAt) {}

    @Inject Sql sql;

    private static Gate row(ResultSet rs) throws SQLException {
        return new Gate(Sql.uuid(rs, "id"), rs.getString("project"), rs.getString("name"), rs.getString("spec_text"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }

    public Optional<Gate> find(String name, String project) {
        return QuarkusTransaction.joiningExisting().call(() -> sql.one(
                "select * from gate where name = ? and coalesce(project, '') = coalesce(cast(? as varchar), '')", GateStore::row, name, project));
    }

    public List<Gate> list(String project) {
        return QuarkusTransaction.joiningExisting().call(() -> sql.list(
                "select * from gate where cast(? as varchar) is null or project = ? order by name", GateStore::row, project, project));
    }

    /** Creates or replaces; true when it was created. */
    public boolean put(String name, String project, String specText) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Instant now = Instant.now();
            int updated = sql.update("update gate set spec_text = ?, updated_at = ? where name = ?"
                    + " and coalesce(project, '') = coalesce(cast(? as varchar), '')", specText, now, name, project);
            if (updated > 0) return false;
            sql.update("insert into gate (id, project, name, spec_text, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
                    UUID.randomUUID(), project, name, specText, now, now);
            return true;
        });
    }

    public boolean delete(String name, String project) {
        return QuarkusTransaction.joiningExisting().call(() -> sql.update(
                "delete from gate where name = ? and coalesce(project, '') = coalesce(cast(? as varchar), '')", name, project) > 0);
    }
}
