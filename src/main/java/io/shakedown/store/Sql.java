package io.shakedown.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Set-based SQL (INSERT ... ON CONFLICT, FOR UPDATE SKIP LOCKED, aggregates) on the Hibernate session's own
 * connection, mapped row by row from the {@link ResultSet}. The persistence style (docs/architecture.md,
 * "Persistence"): Hibernate ORM owns the connection and the transaction; a table read and changed one object at a
 * time is an entity, a statement that reads better as SQL goes through here. Callers run inside a JTA transaction.
 */
@ApplicationScoped
public class Sql {
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @Inject EntityManager em;

    public <T> List<T> list(String sql, Row<T> row, Object... params) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement st = prepare(c, sql, params); ResultSet rs = st.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(row.map(rs));
                return out;
            }
        });
    }

    /** The first row; empty when there is none or it maps to null (an aggregate such as {@code min(...)} over no rows). */
    public <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        List<T> rows = list(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    public int update(String sql, Object... params) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement st = prepare(c, sql, params)) {
                return st.executeUpdate();
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant t) st.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            else if (p instanceof Enum<?> e) st.setString(i + 1, e.name());
            else st.setObject(i + 1, p);
        }
        return st;
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }
}
