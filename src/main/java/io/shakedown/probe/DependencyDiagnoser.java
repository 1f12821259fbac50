package io.shakedown.probe;

import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Report.Diagnosis;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Says why an app that needs its backing services did not come up: it dials localhost where a declared service
 * should be, a host no service is called, a port the service does not serve, the wrong password, a database that
 * does not exist, a migration that fails, or (race mode) a service that was not ready yet. Pure logic over the
 * app's log lines, its env (names only: values may be secrets) and the declared services; each diagnosis names
 * the service and the setting to fix. The patterns are the messages of the usual clients (PostgreSQL's JDBC
 * driver and libpq, MySQL, node, Go, redis clients) and migration tools (see {@link MigrationFailures}).
 */
public final class DependencyDiagnoser {
    /** How many of the app's last log lines are read. */
    public static final int LOG_LINES = 400;

    /** A backing service of the run: its name (the host the app should use), the ports it serves, its image and env. */
    public record DeclaredService(String name, Set<Integer> ports, String image, Map<String, String> env) {
        public DeclaredService {
            ports = ports == null ? Set.of() : Set.copyOf(ports);
            env = env == null ? Map.of() : Map.copyOf(env);
        }

        /** postgresql, mysql, redis or null: from the image name or the env the official images read. */
        String engine() {
            String img = image == null ? "" : image.toLowerCase(Locale.ROOT);
            if (img.contains("postgres") || img.contains("postgis") || img.contains("timescale") || env.keySet().stream().anyMatch(k -> k.startsWith("POSTGRES_"))) return "postgresql";
            if (img.contains("mysql") || img.contains("mariadb") || env.keySet().stream().anyMatch(k -> k.startsWith("MYSQL_") || k.startsWith("MARIADB_"))) return "mysql";
            if (img.contains("redis") || img.contains("valkey")) return "redis";
            return null;
        }
    }

    /**
     * What is known when the app failed: its log, its env, the declared services, and (race mode) the services
     * that were not ready yet when the app failed.
     */
    public record Situation(List<String> log, Map<String, String> appEnv, List<DeclaredService> services, Set<String> notReadyWhenAppFailed) {
        public Situation {
            appEnv = appEnv == null ? Map.of() : appEnv;
            services = services == null ? List.of() : List.copyOf(services);
            notReadyWhenAppFailed = notReadyWhenAppFailed == null ? Set.of() : Set.copyOf(notReadyWhenAppFailed);
        }
    }

    enum Problem { REFUSED, UNKNOWN_HOST }

    /** One failed connection attempt read from the log. */
    record Dial(String host, Integer port, Problem problem, String line) {
        String address() {
            return port == null ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private static final List<Pattern> REFUSED = List.of(
            Pattern.compile("Connection to (\\[[^\\]]+\\]|[^\\s:]+):(\\d+) refused"),                           // PostgreSQL JDBC
            Pattern.compile("ECONNREFUSED (\\S+):(\\d+)"),                                                      // node
            Pattern.compile("dial tcp (\\S+):(\\d+): connect: connection refused"),                            // Go
            Pattern.compile("connection to server at \"([^\"]+)\"(?: \\([^)]*\\))?, port (\\d+) failed: Connection refused"), // libpq 14+
            Pattern.compile("Is the server running on host \"([^\"]+)\".*? port (\\d+)"),                      // libpq before 14
            Pattern.compile("Error \\d+ connecting to (\\S+?):(\\d+)\\. Connection refused"),                   // redis-py
            Pattern.compile("Connection refused: ([\\w.-]+)(?:/[\\d.:a-fA-F]+)?:(\\d+)"),                       // netty (Lettuce, Vert.x)
            Pattern.compile("Could not connect to Redis at (\\S+?):(\\d+): Connection refused"),                 // redis-cli, hiredis
            Pattern.compile("JedisConnectionException: Failed (?:to connect|connecting) to (?:host )?([\\w.-]+):(\\d+)")); // Jedis
    private static final List<Pattern> UNKNOWN_HOST = List.of(
            Pattern.compile("UnknownHostException: ([\\w.-]+)"),
            Pattern.compile("could not translate host name \"([^\"]+)\" to address"),
            Pattern.compile("getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\\w.-]+)"),
            Pattern.compile("lookup ([\\w.-]+)(?: on \\S+)?: no such host"),
            // redis-py ("Error -2 connecting to cache:6379. Name or service not known."), redis-cli / hiredis
            Pattern.compile("(?:connecting to|Could not connect to Redis at) ([\\w.-]+):\\d+[.:] (?:Name or service not known|Temporary failure in name resolution|nodename nor servname)"));
    private static final Pattern PG_AUTH = Pattern.compile("password authentication failed for user \"([^\"]+)\"");
    private static final Pattern MYSQL_AUTH = Pattern.compile("Access denied for user '([^']+)'");
    private static final Pattern PG_NO_DB = Pattern.compile("database \"([^\"]+)\" does not exist");
    /** Redis' own replies, the same through every client (Jedis, Lettuce, redis-py, redis-cli): no password sent, a wrong one. */
    private static final Pattern REDIS_NO_PASSWORD = Pattern.compile("NOAUTH Authentication required|NOAUTH HELLO must be called|AuthenticationError: Authentication required");
    private static final Pattern REDIS_WRONG_PASSWORD = Pattern.compile("WRONGPASS|ERR invalid password|invalid username-password pair");
    private static final Pattern MYSQL_NO_DB = Pattern.compile("Unknown database '([^']+)'");

    private DependencyDiagnoser() {}

    /** The readiness diagnoses a dependency problem in the log explains better: the app stopped or never served. */
    private static final Set<DiagnosisKind> REFINABLE = Set.of(DiagnosisKind.EXITED, DiagnosisKind.NOT_READY, DiagnosisKind.STILL_STARTING,
            DiagnosisKind.NOT_LISTENING, DiagnosisKind.HEALTH_ENDPOINT_FAILING, DiagnosisKind.NO_ANSWER);

    /**
     * The readiness diagnosis, made precise when the app's log shows why: the dependency diagnosis with the decisive
     * log lines first and the readiness evidence (exit code, log tail) after them. Other diagnoses are kept as they are.
     */
    public static Diagnosis refine(Diagnosis readiness, Situation s) {
        if (readiness == null || !REFINABLE.contains(readiness.kind())) return readiness;
        return diagnose(s).map(d -> {
            List<String> evidence = new ArrayList<>(d.evidence());
            if (readiness.evidence() != null) evidence.addAll(readiness.evidence());
            return new Diagnosis(d.kind(), d.summary(), evidence, d.hint(), readiness.listening());
        }).orElse(readiness);
    }

    /** A diagnosis when the log shows a dependency problem, with the decisive lines as evidence; empty otherwise. */
    public static Optional<Diagnosis> diagnose(Situation s) {
        List<String> log = s.log().size() > LOG_LINES ? s.log().subList(s.log().size() - LOG_LINES, s.log().size()) : s.log();
        Optional<MigrationFailures.Failure> migration = MigrationFailures.find(log);
        if (migration.isPresent()) return Optional.of(migrationFailed(migration.get()));
        Optional<MigrationFailures.SchemaMismatch> schema = MigrationFailures.schemaMismatch(log);
        if (schema.isPresent()) return Optional.of(schemaMismatch(schema.get()));
        Optional<Diagnosis> login = authOrDatabase(log, s);
        if (login.isPresent()) return login;
        Optional<Diagnosis> redis = redisAuth(log, s);
        if (redis.isPresent()) return redis;
        return lastDial(log).flatMap(d -> dialFailed(d, s, log));
    }

    private static Diagnosis migrationFailed(MigrationFailures.Failure f) {
        String what = f.migration() == null ? "a " + f.tool() + " migration" : "the " + f.tool() + " migration " + f.migration();
        return new Diagnosis(DiagnosisKind.MIGRATION_FAILED, what + " failed at start" + (f.error() == null ? "" : ": " + f.error()),
                lines(f.lines()), "fix " + (f.migration() == null ? "the migration" : f.migration()) + ": production runs the same migration "
                + "on start and the app would crash-loop there too (a migration already applied elsewhere must be fixed by a new one, not edited)", null);
    }

    private static Diagnosis schemaMismatch(MigrationFailures.SchemaMismatch m) {
        return new Diagnosis(DiagnosisKind.SCHEMA_NOT_MIGRATED, m.orm() + "'s schema validation failed: " + m.what()
                + " — the database does not have the schema the app expects", lines(List.of(m.line())),
                "run the migrations before the app: at start (quarkus.flyway.migrate-at-start=true, spring.flyway.enabled) or as an init job "
                + "(jobs: the same image with its migrate-only settings), the way production runs them", null);
    }

    private static Optional<Diagnosis> authOrDatabase(List<String> log, Situation s) {
        for (int i = log.size() - 1; i >= 0; i--) {
            String line = log.get(i);
            Matcher auth = PG_AUTH.matcher(line);
            Matcher mysqlAuth = MYSQL_AUTH.matcher(line);
            boolean pgAuth = auth.find();
            if (pgAuth || mysqlAuth.find()) {
                boolean pg = pgAuth;
                String user = pg ? auth.group(1) : mysqlAuth.group(1);
                Optional<DeclaredService> svc = serviceFor(s, pg ? "postgresql" : "mysql");
                String name = svc.map(x -> "`" + x.name() + "`").orElse("the database");
                String userKey = pg ? "POSTGRES_USER" : "MYSQL_USER";
                String passKey = pg ? "POSTGRES_PASSWORD" : "MYSQL_PASSWORD";
                String svcUser = svc.map(x -> x.env().get(userKey)).orElse(null);
                List<String> appPass = envNames(s.appEnv(), k -> k.contains("PASS") || k.contains("PWD"));
                String hint = svcUser != null && !svcUser.equals(user)
                        ? "the app logs in as \"" + user + "\" but " + name + " was created with " + userKey + "=" + svcUser + ": make the two agree"
                        : "make the app's password" + (appPass.isEmpty() ? "" : " (" + String.join(", ", appPass) + " in target.env)")
                        + " match what " + name + " was given" + svc.map(x -> " (" + passKey + " in services." + x.name() + ".env)").orElse("");
                return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_AUTH_FAILED, name + " refused the app's login: authentication failed for user \""
                        + user + "\"", lines(List.of(line.strip())), hint, null));
            }
            Matcher noDb = PG_NO_DB.matcher(line);
            Matcher mysqlNoDb = MYSQL_NO_DB.matcher(line);
            boolean pg = noDb.find();
            if (pg || mysqlNoDb.find()) {
                String db = pg ? noDb.group(1) : mysqlNoDb.group(1);
                Optional<DeclaredService> svc = serviceFor(s, pg ? "postgresql" : "mysql");
                String name = svc.map(x -> "`" + x.name() + "`").orElse("the database server");
                String dbKey = pg ? "POSTGRES_DB" : "MYSQL_DATABASE";
                String created = svc.map(x -> x.env().getOrDefault(dbKey, pg ? x.env().getOrDefault("POSTGRES_USER", "postgres") : null)).orElse(null);
                List<String> appDb = envNames(s.appEnv(), k -> k.contains("DB") || k.contains("DATABASE"));
                String hint = "the app asks " + name + " for the database \"" + db + "\""
                        + (created == null ? "" : ", but it creates \"" + created + "\" (" + dbKey + ")") + ": point the app at the right database"
                        + (appDb.isEmpty() ? "" : " (" + String.join(", ", appDb) + " in target.env)")
                        + svc.map(x -> ", or set " + dbKey + ": " + db + " in services." + x.name() + ".env, or create it in an init job").orElse("");
                return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_DATABASE_MISSING, "the database \"" + db + "\" does not exist on " + name,
                        lines(List.of(line.strip())), hint, null));
            }
        }
        return Optional.empty();
    }

    /**
     * Redis refused the app's commands: a wrong password (WRONGPASS anywhere in the tail wins: a client that failed its
     * AUTH then gets NOAUTH for every command) or none at all.
     */
    private static Optional<Diagnosis> redisAuth(List<String> log, Situation s) {
        String wrong = null, none = null;
        for (String line : log) {
            if (wrong == null && REDIS_WRONG_PASSWORD.matcher(line).find()) wrong = line.strip();
            if (none == null && REDIS_NO_PASSWORD.matcher(line).find()) none = line.strip();
        }
        if (wrong == null && none == null) return Optional.empty();
        Optional<DeclaredService> svc = serviceFor(s, "redis");
        String name = svc.map(x -> "`" + x.name() + "`").orElse("Redis");
        List<String> appPass = envNames(s.appEnv(), k -> k.contains("PASS") || k.contains("PWD") || k.contains("AUTH"));
        String where = svc.map(x -> " (--requirepass in services." + x.name() + ".command, or its config)").orElse("");
        if (wrong != null) {
            return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_AUTH_FAILED, name + " refused the app's login: the password it sent is wrong (WRONGPASS)",
                    lines(List.of(wrong)), "make the app's Redis password" + (appPass.isEmpty() ? "" : " (" + String.join(", ", appPass) + " in target.env)")
                    + " match the one " + name + " requires" + where, null));
        }
        return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_AUTH_FAILED, name + " requires a password and the app sent none (NOAUTH)",
                lines(List.of(none)), "give the app the password " + name + " requires" + where + ": "
                + (appPass.isEmpty() ? "the app's Redis password setting (SPRING_DATA_REDIS_PASSWORD, QUARKUS_REDIS_PASSWORD, REDIS_PASSWORD… in target.env)"
                : String.join(", ", appPass) + " in target.env") + ", from a secret", null));
    }

    private static Optional<Diagnosis> dialFailed(Dial d, Situation s, List<String> log) {
        List<String> evidence = lines(List.of(d.line()));
        if (isLoopback(d.host())) {
            List<DeclaredService> serving = d.port() == null ? List.of() : s.services().stream().filter(x -> x.ports().contains(d.port())).toList();
            String setting = setting(s.appEnv(), d.host(), log, serving.isEmpty() ? null : serving.getFirst().engine());
            if (!serving.isEmpty()) {
                String names = serving.stream().map(x -> "`" + x.name() + "`").collect(Collectors.joining(" or "));
                String first = serving.getFirst().name();
                return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_ON_LOCALHOST, "the app connects to " + d.address()
                        + " inside its container, where nothing serves it; " + (serving.size() == 1 ? "your " + what(serving.getFirst()) + " is the service " : "the services ")
                        + names + " — point the host at " + first, evidence,
                        "inside a container localhost is the app itself: " + setting + " must name the host " + first + " (port " + d.port() + ")", null));
            }
            return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_ON_LOCALHOST, "the app connects to " + d.address()
                    + " inside its container, where nothing serves it" + (s.services().isEmpty() ? "" : " (no declared service serves port " + d.port() + ")"),
                    evidence, "inside a container localhost is the app itself: declare the dependency under services: and point "
                    + setting + " at its name", null));
        }
        Optional<DeclaredService> named = s.services().stream().filter(x -> x.name().equalsIgnoreCase(d.host())).findFirst();
        if (named.isPresent() && s.notReadyWhenAppFailed().contains(named.get().name())) {
            return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_NOT_READY_RACE, "race mode: the app gave up on `" + named.get().name() + "` ("
                    + (d.problem() == Problem.REFUSED ? "connection to " + d.address() + " refused" : "host " + d.host() + " not found")
                    + ") before it was ready, and did not wait or retry", evidence,
                    "make the app retry its first connection (" + retrySetting(log) + "): in production services start in any order and restart", null));
        }
        if (d.problem() == Problem.UNKNOWN_HOST) {
            if (named.isPresent()) {
                return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_UNKNOWN_HOST, "the app could not resolve `" + named.get().name()
                        + "`: its container was gone when the app connected", evidence, "read the service's log tail in the report: it stopped", null));
            }
            String declared = s.services().stream().map(x -> "`" + x.name() + "`").collect(Collectors.joining(", "));
            return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_UNKNOWN_HOST, "the app looks up the host " + d.host()
                    + ", which is " + (declared.isEmpty() ? "not a declared service" : "no service of the run (declared: " + declared + ")"),
                    evidence, s.services().isEmpty() ? "declare the dependency under services: with the name the app uses (" + d.host() + ")"
                    : setting(s.appEnv(), d.host(), log) + " must name a service: " + declared + (s.services().size() == 1 ? " — point it at " + s.services().getFirst().name() : ""), null));
        }
        if (named.isEmpty()) return Optional.empty();
        DeclaredService svc = named.get();
        boolean wrongPort = d.port() != null && !svc.ports().isEmpty() && !svc.ports().contains(d.port());
        String serves = svc.ports().stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
        return Optional.of(new Diagnosis(DiagnosisKind.DEPENDENCY_REFUSED, "`" + svc.name() + "` refused the connection to " + d.address()
                + (wrongPort ? ": it serves port " + serves + ", not " + d.port() : " although it was ready"), evidence,
                wrongPort ? setting(s.appEnv(), String.valueOf(d.port()), log) + " must use port " + serves + " of " + svc.name()
                        : "read `" + svc.name() + "`'s log tail in the report: it stopped listening (crashed or restarted) after it was ready", null));
    }

    /** The last failed connection in the log: the one the app gave up on. */
    static Optional<Dial> lastDial(List<String> log) {
        for (int i = log.size() - 1; i >= 0; i--) {
            String line = log.get(i);
            for (Pattern p : REFUSED) {
                Matcher m = p.matcher(line);
                if (m.find()) return Optional.of(new Dial(unbracket(m.group(1)), Integer.valueOf(m.group(2)), Problem.REFUSED, line.strip()));
            }
            for (Pattern p : UNKNOWN_HOST) {
                Matcher m = p.matcher(line);
                if (m.find()) return Optional.of(new Dial(m.group(1), null, Problem.UNKNOWN_HOST, line.strip()));
            }
        }
        return Optional.empty();
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("0.0.0.0") || h.startsWith("127.") || h.equals("ip6-localhost");
    }

    /** The app env variable(s) holding this value (names only), or where the value must come from when no variable does. */
    private static String setting(Map<String, String> appEnv, String value, List<String> log) {
        return setting(appEnv, value, log, null);
    }

    /** {@code engine}: the dependency's kind (redis, postgresql, ...) when known, for the framework setting that overrides its address. */
    private static String setting(Map<String, String> appEnv, String value, List<String> log, String engine) {
        List<String> names = envNames(appEnv, k -> {
            String v = appEnv.get(k);
            return v != null && Pattern.compile("(^|[^\\w.-])" + Pattern.quote(value) + "($|[^\\w.-])").matcher(v).find();
        });
        if (!names.isEmpty()) return String.join(", ", names) + " in target.env";
        boolean redis = "redis".equals(engine);
        String override = log.stream().anyMatch(l -> l.contains("org.springframework")) ? (redis ? "SPRING_DATA_REDIS_HOST" : "SPRING_DATASOURCE_URL")
                : log.stream().anyMatch(l -> l.contains("io.quarkus")) ? (redis ? "QUARKUS_REDIS_HOSTS" : "QUARKUS_DATASOURCE_JDBC_URL") : null;
        return "the address (not from target.env: it is built into the image, in a config file or a default"
                + (override == null ? "" : "; " + override + " in target.env overrides it") + ")";
    }

    private static String retrySetting(List<String> log) {
        if (log.stream().anyMatch(l -> l.contains("org.springframework"))) return "spring.flyway.connect-retries, or Hikari's initialization-fail-timeout";
        if (log.stream().anyMatch(l -> l.contains("io.quarkus"))) return "quarkus.flyway.connect-retries, or a startup retry around the first query";
        return "the client's connect retries, or a wait-for loop in the entrypoint";
    }

    private static Optional<DeclaredService> serviceFor(Situation s, String engine) {
        List<DeclaredService> same = s.services().stream().filter(x -> engine.equals(x.engine())).toList();
        if (same.size() == 1) return Optional.of(same.getFirst());
        if (same.isEmpty() && s.services().size() == 1) return Optional.of(s.services().getFirst());
        return Optional.empty();
    }

    private static String what(DeclaredService s) {
        String e = s.engine();
        return e == null ? "dependency" : e.equals("redis") ? "Redis" : "database";
    }

    private static List<String> envNames(Map<String, String> env, java.util.function.Predicate<String> keep) {
        return env.keySet().stream().filter(keep).sorted().toList();
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static List<String> lines(List<String> decisive) {
        var out = new ArrayList<String>();
        var seen = new LinkedHashSet<String>(decisive);
        out.add("decisive log line" + (seen.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", seen));
        return out;
    }
}
