package io.shakedown.probe;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a schema migration that failed at start in an app's log: which tool, which migration, and the database's
 * error. Each tool prints both in its own shape (Flyway's report block, Liquibase's changeset id, Alembic's
 * "Running upgrade", Django's "Applying", Rails' "== … migrating ==", Prisma's "Migration name:"), so each has its
 * own small reader; the first tool whose failure marker is in the log wins. Also recognises the schema
 * validation of an ORM that found the migrations NOT run (Hibernate's "missing table").
 */
final class MigrationFailures {
    private MigrationFailures() {}

    /** A failed migration: the tool, the migration's name (null when the log does not say), the SQL error, the decisive lines. */
    record Failure(String tool, String migration, String error, List<String> lines) {}

    /** The ORM's schema validation failed: the schema the app expects is not there (migrations not run, or drifted). */
    record SchemaMismatch(String orm, String what, String line) {}

    private static final Pattern FLYWAY_FAILED = Pattern.compile(
            "Migration of schema \"([^\"]+)\" to version \"([^\"]+)\" failed|Script (\\S+) failed|Migration (\\S+) failed");
    private static final Pattern FLYWAY_CHECKSUM = Pattern.compile("Migration checksum mismatch for migration version (\\S+)");
    private static final Pattern FLYWAY_NOT_RESOLVED = Pattern.compile("Detected applied migration not resolved locally: (\\S+)");
    private static final Pattern FLYWAY_LOCATION = Pattern.compile("^\\s*Location\\s*:\\s*(\\S+)");
    private static final Pattern FLYWAY_MESSAGE = Pattern.compile("^\\s*Message\\s*:\\s*(.+)");
    private static final Pattern FLYWAY_STATE = Pattern.compile("^\\s*SQL State\\s*:\\s*(\\S+)");

    private static final Pattern LIQUIBASE_FAILED = Pattern.compile("Migration failed for change ?set (\\S+?):?\\s*$|Migration failed for change ?set (\\S+)");
    private static final Pattern LIQUIBASE_REASON = Pattern.compile("Reason:\\s*(?:[\\w.]+Exception:\\s*)?(.+)");

    private static final Pattern ALEMBIC_RUNNING = Pattern.compile("Running upgrade (\\S*) -> ([^\\s,]+)(?:, (.+))?");
    private static final Pattern SQLALCHEMY_ERROR = Pattern.compile("sqlalchemy\\.exc\\.\\w+: (?:\\(([\\w.]+)\\) )?(.+)");

    private static final Pattern DJANGO_APPLYING = Pattern.compile("Applying ([\\w]+\\.[\\w]+)\\.\\.\\.(?!\\s*OK)");
    private static final Pattern DJANGO_ERROR = Pattern.compile("django\\.db\\.utils\\.\\w+: (.+)");

    private static final Pattern RAILS_MIGRATING = Pattern.compile("== (\\d+) (\\w+): migrating");
    private static final Pattern RAILS_CANCELED = Pattern.compile("this and all later migrations canceled");
    private static final Pattern RAILS_ERROR = Pattern.compile("((?:PG|Mysql2|SQLite3|ActiveRecord)::\\w+(?:::\\w+)?): (.+)");

    private static final Pattern PRISMA_FAILED = Pattern.compile("\\b(P3018|P3009)\\b");
    private static final Pattern PRISMA_NAME = Pattern.compile("Migration name: (\\S+)|The `(\\S+)` migration .*failed");
    private static final Pattern PRISMA_DB_ERROR = Pattern.compile("^\\s*(ERROR:.+|Database error:.+\\S.*)");

    private static final Pattern HIBERNATE_SCHEMA = Pattern.compile(
            "Schema[- ]validation: (missing (?:table|column|sequence) \\[[^\\]]+\\](?: in table \\[[^\\]]+\\])?|wrong column type[^;\\n]*)");

    static Optional<Failure> find(List<String> log) {
        return flyway(log).or(() -> liquibase(log)).or(() -> alembic(log)).or(() -> django(log)).or(() -> rails(log)).or(() -> prisma(log));
    }

    static Optional<SchemaMismatch> schemaMismatch(List<String> log) {
        for (String line : log) {
            Matcher m = HIBERNATE_SCHEMA.matcher(line);
            if (m.find()) return Optional.of(new SchemaMismatch("Hibernate", m.group(1), line.strip()));
        }
        return Optional.empty();
    }

    private static Optional<Failure> flyway(List<String> log) {
        for (int i = 0; i < log.size(); i++) {
            String line = log.get(i);
            Matcher failed = FLYWAY_FAILED.matcher(line);
            Matcher checksum = FLYWAY_CHECKSUM.matcher(line);
            Matcher unresolved = FLYWAY_NOT_RESOLVED.matcher(line);
            if (checksum.find()) {
                return Optional.of(new Failure("Flyway", "version " + checksum.group(1),
                        "the migration was changed after it was applied (checksum mismatch): a released migration must never be edited", List.of(line.strip())));
            }
            if (unresolved.find()) {
                return Optional.of(new Failure("Flyway", "version " + unresolved.group(1),
                        "the database has a migration this image does not contain (applied by a newer build?)", List.of(line.strip())));
            }
            if (!failed.find()) continue;
            String name = failed.group(2) != null ? failed.group(2) : failed.group(3) != null ? failed.group(3) : failed.group(4);
            String location = null, message = null, state = null;
            for (int j = i + 1; j < Math.min(log.size(), i + 16); j++) {
                String next = log.get(j);
                location = location != null ? location : group(FLYWAY_LOCATION, next);
                message = message != null ? message : group(FLYWAY_MESSAGE, next);
                state = state != null ? state : group(FLYWAY_STATE, next);
            }
            String migration = location != null ? location : name;
            String error = message == null ? null : message + (state == null ? "" : " (SQL state " + state + ")");
            return Optional.of(new Failure("Flyway", migration, error, decisive(line, location, message)));
        }
        return Optional.empty();
    }

    private static Optional<Failure> liquibase(List<String> log) {
        for (int i = 0; i < log.size(); i++) {
            Matcher m = LIQUIBASE_FAILED.matcher(log.get(i));
            if (!m.find()) continue;
            String changeset = m.group(1) != null ? m.group(1) : m.group(2);
            String reason = after(log, i, LIQUIBASE_REASON, 6);
            return Optional.of(new Failure("Liquibase", "changeset " + changeset, reason, decisive(log.get(i), null, reason)));
        }
        return Optional.empty();
    }

    private static Optional<Failure> alembic(List<String> log) {
        String running = null, runningLine = null;
        for (String line : log) {
            Matcher r = ALEMBIC_RUNNING.matcher(line);
            if (r.find()) {
                running = r.group(2) + (r.group(3) == null ? "" : " (" + r.group(3).strip() + ")");
                runningLine = line;
            }
            Matcher e = SQLALCHEMY_ERROR.matcher(line);
            if (running != null && e.find()) {
                return Optional.of(new Failure("Alembic", "revision " + running, e.group(2).strip(), decisive(runningLine, null, line)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Failure> django(List<String> log) {
        String applying = null, applyingLine = null;
        for (String line : log) {
            Matcher a = DJANGO_APPLYING.matcher(line);
            if (a.find()) {
                applying = a.group(1);
                applyingLine = line;
            }
            Matcher e = DJANGO_ERROR.matcher(line);
            if (applying != null && e.find()) {
                return Optional.of(new Failure("Django", applying, e.group(1).strip(), decisive(applyingLine, null, line)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Failure> rails(List<String> log) {
        String migrating = null, migratingLine = null;
        boolean canceled = false;
        String error = null, errorLine = null;
        for (String line : log) {
            Matcher m = RAILS_MIGRATING.matcher(line);
            if (m.find()) {
                migrating = m.group(1) + " " + m.group(2);
                migratingLine = line;
            }
            canceled |= RAILS_CANCELED.matcher(line).find();
            Matcher e = RAILS_ERROR.matcher(line);
            if (canceled && error == null && e.find()) {
                error = e.group(2).strip();
                errorLine = line;
            }
        }
        if (!canceled) return Optional.empty();
        return Optional.of(new Failure("Rails", migrating, error, decisive(migratingLine, null, errorLine)));
    }

    private static Optional<Failure> prisma(List<String> log) {
        int at = -1;
        for (int i = 0; i < log.size() && at < 0; i++) if (PRISMA_FAILED.matcher(log.get(i)).find()) at = i;
        if (at < 0) return Optional.empty();
        String name = null, error = null;
        for (int j = Math.max(0, at - 4); j < Math.min(log.size(), at + 16); j++) {
            Matcher n = PRISMA_NAME.matcher(log.get(j));
            if (name == null && n.find()) name = n.group(1) != null ? n.group(1) : n.group(2);
            Matcher e = PRISMA_DB_ERROR.matcher(log.get(j));
            if (error == null && e.find() && !e.group(1).strip().equals("Database error:")) error = e.group(1).strip();
        }
        return Optional.of(new Failure("Prisma", name, error, decisive(log.get(at), null, error)));
    }

    private static String after(List<String> log, int from, Pattern p, int window) {
        for (int j = from; j < Math.min(log.size(), from + window); j++) {
            String g = group(p, log.get(j));
            if (g != null) return g.strip();
        }
        return null;
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private static List<String> decisive(String... lines) {
        return java.util.Arrays.stream(lines).filter(l -> l != null && !l.isBlank()).map(String::strip).distinct().toList();
    }
}
