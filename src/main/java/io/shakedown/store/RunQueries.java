package io.shakedown.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The reads of {@code validation_run} behind the UI's lists, shaped for pages: only the columns a page shows (never the spec or the whole
 * report), keyset paging on (created_at, id) so a page stays the same while new runs arrive, and the few report
 * fields the app page needs pulled out of the jsonb by PostgreSQL. Indexes: V10__ui_listing_indexes.sql.
 */
@ApplicationScoped
public class RunQueries {
    public static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Inject EntityManager em;

    /** One line of a list. {@code cursor} marks its place for keyset paging. */
    public record RunRow(UUID id, String app, String environment, String status, String target, String summary,
                         Instant createdAt, Instant finishedAt) {
        public String cursor() {
            return Cursor.of(createdAt, id);
        }

        public String when() {
            return createdAt == null ? "" : WHEN.format(createdAt);
        }

        public boolean live() {
            return "QUEUED".equals(status) || "RUNNING".equals(status);
        }
    }

    /** Filters of the runs page; null means "any". */
    public record Filter(String app, String environment, String status, Instant from, Instant to, UUID monitor) {
        public Filter(String app, String environment, String status, Instant from, Instant to) {
            this(app, environment, status, from, to, null);
        }
    }

    /** A page of runs and the cursors of its neighbours (null: no such page). */
    public record Page(List<RunRow> rows, String older, String newer) {}

    /**
     * Runs newest first, {@code size} of them, older than {@code before} or newer than {@code after} (cursors from a
     * previous page), of {@code project} only (null: every project).
     */
    @Transactional
    public Page runs(Filter f, String before, String after, int size, String project) {
        var where = new ArrayList<String>();
        var params = new LinkedHashMap<String, Object>();
        if (project != null) { where.add("project = :project"); params.put("project", project); }
        if (f.app() != null) { where.add("app = :app"); params.put("app", f.app()); }
        if (f.environment() != null) { where.add("environment = :env"); params.put("env", f.environment()); }
        if (f.status() != null) { where.add("status = :status"); params.put("status", f.status()); }
        if (f.from() != null) { where.add("created_at >= :from"); params.put("from", ts(f.from())); }
        if (f.to() != null) { where.add("created_at < :to"); params.put("to", ts(f.to())); }
        if (f.monitor() != null) { where.add("monitor_id = :monitor"); params.put("monitor", f.monitor()); }
        Cursor c = before != null ? Cursor.parse(before, "before") : Cursor.parse(after, "after");
        boolean forward = after != null && c != null; // towards newer runs
        if (c != null) {
            where.add("(created_at, id) " + (forward ? ">" : "<") + " (:cAt, :cId)");
            params.put("cAt", ts(c.at()));
            params.put("cId", c.id());
        }
        String order = forward ? "created_at asc, id asc" : "created_at desc, id desc";
        Query q = em.createNativeQuery("select id, app, environment, status, target, left(summary, 240), created_at, finished_at"
                + " from validation_run" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by " + order + " limit " + (size + 1));
        params.forEach(q::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> raw = q.getResultList();
        boolean more = raw.size() > size;
        List<RunRow> rows = new ArrayList<>(raw.stream().limit(size).map(RunQueries::row).toList());
        if (forward) Collections.reverse(rows);
        String older = null, newer = null;
        if (!rows.isEmpty()) {
            if (forward || more) older = rows.getLast().cursor();
            if (forward ? more : c != null) newer = rows.getFirst().cursor();
        }
        return new Page(rows, older, newer);
    }

    @Transactional
    public RunRow row(UUID id, String project) {
        Query q = em.createNativeQuery("select id, app, environment, status, target, left(summary, 240), created_at, finished_at"
                + " from validation_run where id = :id" + (project == null ? "" : " and project = :project"));
        q.setParameter("id", id);
        if (project != null) q.setParameter("project", project);
        @SuppressWarnings("unchecked")
        List<Object[]> raw = q.getResultList();
        return raw.isEmpty() ? null : row(raw.getFirst());
    }

    /** One run of an app's history: its verdict, its performance figures and every check/step outcome. */
    public record HistoryRow(UUID id, String environment, String status, Instant createdAt, String summary, String perfJson, String itemsJson) {
        public String when() {
            return WHEN.format(createdAt);
        }
    }

    /** The last {@code limit} runs of an app, newest first, with the report fields the app page needs. */
    @Transactional
    public List<HistoryRow> history(String app, String environment, int limit, String project) {
        String sql = """
                select id, environment, status, created_at, left(summary, 240),
                       (select jsonb_agg(jsonb_build_object('name', s->>'name', 'p95', s->'figures'->'p95',
                               'throughput', s->'figures'->'throughput', 'baseP95', s->'baseline'->'figures'->'p95'))
                          from jsonb_array_elements(coalesce(report->'performance'->'scenarios', '[]'::jsonb)) s)::text,
                       (select jsonb_agg(x) from (
                            select jsonb_build_array('check ' || (c->>'name'), c->>'status') x
                              from jsonb_array_elements(coalesce(report->'checks', '[]'::jsonb)) c
                            union all
                            select jsonb_build_array('flow ' || (f->>'name') || ' · ' || coalesce(st->>'name', 'step ' || (st->>'index')), st->>'status')
                              from jsonb_array_elements(coalesce(report->'flows', '[]'::jsonb)) f,
                                   jsonb_array_elements(coalesce(f->'steps', '[]'::jsonb)) st) items)::text
                  from validation_run
                 where app = :app""" + (project == null ? "" : " and project = :project")
                + (environment == null ? "" : " and environment = :env") + " order by created_at desc, id desc limit " + limit;
        Query q = em.createNativeQuery(sql).setParameter("app", app);
        if (project != null) q.setParameter("project", project);
        if (environment != null) q.setParameter("env", environment);
        @SuppressWarnings("unchecked")
        List<Object[]> raw = q.getResultList();
        return raw.stream().map(r -> new HistoryRow((UUID) r[0], (String) r[1], (String) r[2], instant(r[3]), (String) r[4], (String) r[5], (String) r[6])).toList();
    }

    /** One day of a monitor's uptime bar: its share of checked runs that passed (null: no checked run that day). */
    public record Day(String date, Double uptime, long runs) {
        public String css() {
            if (uptime == null) return "none";
            return uptime >= 99.9 ? "up" : uptime >= 95 ? "degraded" : "down";
        }

        public String label() {
            return date + ": " + (uptime == null ? "no checked run" : String.format(Locale.ROOT, "%.1f%% of %d run(s) passed", uptime, runs));
        }
    }

    /**
     * Daily uptime of monitors over the last {@code days} days (UTC days, oldest first), counted like the monitors'
     * own uptime figures: PASSED against PASSED + FAILED, runs in a maintenance window left out.
     */
    @Transactional
    public Map<UUID, List<Day>> uptimeDays(Collection<UUID> monitors, int days) {
        var out = new LinkedHashMap<UUID, List<Day>>();
        if (monitors.isEmpty()) return out;
        @SuppressWarnings("unchecked")
        List<Object[]> raw = em.createNativeQuery("""
                select monitor_id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
                       count(*) filter (where status = 'PASSED'), count(*)
                  from validation_run
                 where monitor_id in (:ids) and created_at > now() - (:days * interval '1 day')
                   and not in_maintenance and status in ('PASSED', 'FAILED')
                 group by 1, 2""").setParameter("ids", monitors).setParameter("days", days).getResultList();
        var counts = new HashMap<String, long[]>();
        for (Object[] r : raw) counts.put(r[0] + "/" + r[1], new long[] {((Number) r[2]).longValue(), ((Number) r[3]).longValue()});
        var today = LocalDate.now(ZoneOffset.UTC);
        for (UUID m : monitors) {
            var bars = new ArrayList<Day>(days);
            for (int i = days - 1; i >= 0; i--) {
                String day = today.minusDays(i).toString();
                long[] c = counts.get(m + "/" + day);
                bars.add(new Day(day, c == null ? null : 100.0 * c[0] / c[1], c == null ? 0 : c[1]));
            }
            out.put(m, bars);
        }
        return out;
    }

    /** A stored baseline sample as the app page lists it. */
    public record Sample(String environment, String scenario, String runId, Instant recordedAt, boolean pinned, String figuresJson) {}

    /**
     * The newest {@code perScenario} baseline samples of each environment + scenario of an app (and the pinned ones),
     * scoped like PgBaselineStore (null project: the samples recorded with authentication off). Bounded, because every
     * passing run with a performance stage adds one and nothing prunes them.
     */
    @Transactional
    public List<Sample> baselineSamples(String project, String app, String environment, int perScenario) {
        Query q = em.createNativeQuery("""
                select environment, scenario, run_id, recorded_at, pinned, cast(figures as text) from (
                    select b.*, row_number() over (partition by environment, scenario order by recorded_at desc) as n
                      from performance_baseline b
                     where app = :app""" + (project == null ? " and project is null" : " and project = :project")
                + (environment == null ? "" : " and environment = :env") + """
                ) x where n <= :k or pinned order by environment, scenario, recorded_at desc""")
                .setParameter("app", app).setParameter("k", perScenario);
        if (project != null) q.setParameter("project", project);
        if (environment != null) q.setParameter("env", environment);
        @SuppressWarnings("unchecked")
        List<Object[]> raw = q.getResultList();
        return raw.stream().map(r -> new Sample((String) r[0], (String) r[1], r[2].toString(), instant(r[3]), (Boolean) r[4], (String) r[5])).toList();
    }

    /** The environments an app ran in (for the app page's switcher). */
    @Transactional
    public List<String> environments(String app, String project) {
        Query q = em.createNativeQuery("select distinct environment from validation_run where app = :app and environment is not null"
                + (project == null ? "" : " and project = :project") + " order by 1").setParameter("app", app);
        if (project != null) q.setParameter("project", project);
        @SuppressWarnings("unchecked")
        List<String> envs = q.getResultList();
        return envs;
    }

    private static RunRow row(Object[] r) {
        return new RunRow((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5], instant(r[6]), instant(r[7]));
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    static Instant instant(Object o) {
        return switch (o) {
            case null -> null;
            case Instant i -> i;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime odt -> odt.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + o.getClass());
        };
    }

    /** "&lt;epoch micros&gt;_&lt;uuid&gt;": a run's place in newest-first order. */
    public record Cursor(Instant at, UUID id) {
        public static String of(Instant at, UUID id) {
            long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
            return micros + "_" + id;
        }

        /** A cursor from a list link; anything else is bad input naming its query parameter (a 400 page, not a 500). */
        public static Cursor parse(String s, String field) {
            if (s == null || s.isBlank()) return null;
            int sep = s.indexOf('_');
            try {
                long micros = sep < 0 ? -1 : Long.parseLong(s.substring(0, sep));
                if (micros < 0) throw new IllegalArgumentException(); // no run predates 1970; PostgreSQL rejects the far past
                return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L),
                        UUID.fromString(s.substring(sep + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": a page cursor as the list's links give it (<epoch micros>_<run id>), got " + s);
            }
        }
    }

}
