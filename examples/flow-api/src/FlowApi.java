import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small account API for user-flow examples: register, log in (bearer token and session cookie), read a
 * profile, and an admin endpoint guarded by a password whose SHA-256 comes from the environment.
 * FAIL_USER_LOOKUP=true plants the bug of examples/broken/flow-500: reading a profile answers 500.
 * Every request is written to stdout as an access-log line (path and query included), like most servers do.
 */
public final class FlowApi {
    record User(int id, String email, String password) {}

    static final Map<String, User> USERS_BY_EMAIL = new ConcurrentHashMap<>();
    static final Map<Integer, User> USERS_BY_ID = new ConcurrentHashMap<>();
    static final Map<String, User> TOKENS = new ConcurrentHashMap<>();
    static final AtomicInteger IDS = new AtomicInteger(1000);

    public static void main(String[] args) throws IOException {
        boolean failUserLookup = Boolean.parseBoolean(System.getenv().getOrDefault("FAIL_USER_LOOKUP", "false"));
        String adminHash = System.getenv().getOrDefault("ADMIN_PASSWORD_SHA256", "");
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                int status = route(exchange, failUserLookup, adminHash);
                System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + status);
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
        System.out.println("flow-api listening on 0.0.0.0:8080");
    }

    private static int route(HttpExchange ex, boolean failUserLookup, String adminHash) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals("/health")) return send(ex, 200, "{\"status\":\"UP\"}");
        if (path.equals("/api/register") && method.equals("POST")) {
            String email = field(body, "email"), password = field(body, "password");
            if (email == null || !email.contains("@") || password == null || password.length() < 8) {
                return send(ex, 400, "{\"error\":\"email and a password of at least 8 characters are required\"}");
            }
            User user = new User(IDS.incrementAndGet(), email, password);
            if (USERS_BY_EMAIL.putIfAbsent(email, user) != null) return send(ex, 409, "{\"error\":\"email already registered\"}");
            USERS_BY_ID.put(user.id(), user);
            return send(ex, 201, userJson(user));
        }
        if (path.equals("/api/login") && method.equals("POST")) {
            User user = USERS_BY_EMAIL.get(String.valueOf(field(body, "email")));
            if (user == null || !user.password().equals(field(body, "password"))) return send(ex, 401, "{\"error\":\"bad credentials\"}");
            String token = UUID.randomUUID().toString();
            TOKENS.put(token, user);
            ex.getResponseHeaders().add("Set-Cookie", "session=" + token + "; Path=/; HttpOnly");
            return send(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\"}");
        }
        if (path.startsWith("/api/users/") && method.equals("GET")) {
            User caller = caller(ex);
            if (caller == null) return send(ex, 401, "{\"error\":\"not logged in\"}");
            if (failUserLookup) {
                return send(ex, 500, "{\"error\":\"internal error\",\"detail\":\"NullPointerException in UserRepository.findById\"}");
            }
            String id = path.substring("/api/users/".length());
            if (!id.equals(String.valueOf(caller.id()))) return send(ex, 403, "{\"error\":\"not your profile\"}");
            return send(ex, 200, userJson(caller));
        }
        if (path.equals("/api/me")) {
            User caller = caller(ex);
            return caller == null ? send(ex, 401, "{\"error\":\"not logged in\"}") : send(ex, 200, userJson(caller));
        }
        if (path.equals("/api/admin/stats")) {
            String given = ex.getRequestHeaders().getFirst("X-Admin-Password");
            if (adminHash.isEmpty() || given == null || !sha256(given).equalsIgnoreCase(adminHash)) {
                return send(ex, 403, "{\"error\":\"admin password required\"}");
            }
            return send(ex, 200, "{\"users\":" + USERS_BY_ID.size() + "}");
        }
        if (path.equals("/api/echo")) {
            // echoes what it got: a debugging endpoint that leaks whatever a client sends
            String query = ex.getRequestURI().getRawQuery();
            return send(ex, 200, "{\"query\":" + str(query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8))
                    + ",\"headers\":" + str(String.valueOf(ex.getRequestHeaders())) + ",\"body\":" + str(body) + "}");
        }
        return send(ex, 404, "{\"error\":\"not found\",\"path\":" + str(path) + "}");
    }

    private static User caller(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) return TOKENS.get(auth.substring(7));
        String cookies = ex.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            Matcher m = Pattern.compile("(?:^|;\\s*)session=([^;]+)").matcher(cookies);
            if (m.find()) return TOKENS.get(m.group(1));
        }
        return null;
    }

    private static String userJson(User u) {
        return "{\"id\":" + u.id() + ",\"email\":" + str(u.email()) + "}";
    }

    /** A string field of a flat JSON object; enough for this example. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }
}
