package io.shakedown.monitor;

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
import javax.sql.DataSource;

/**
 * Plain JDBC for the monitor tables (Flyway's V6__monitors.sql): the scheduler's and evaluator's statements are
 * set-based (INSERT ... ON CONFLICT, FOR UPDATE SKIP LOCKED) and read better as SQL than as entities. Callers
 * run inside a JTA transaction ({@code @Transactional}); the pooled connection is enlisted in it.
 */
final class Db {
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource ds;

    Db(DataSource ds) {
        this.ds = ds;
    }

    <T> List<T> list(String sql, Row<T> row, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement st = prepare(c, sql, params); ResultSet rs = st.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(row.map(rs));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first row; empty when there is none or it maps to null (an aggregate such as {@code min(...)} over no rows). */
    <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        List<T> rows = list(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    int update(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement st = prepare(c, sql, params)) {
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }
}
