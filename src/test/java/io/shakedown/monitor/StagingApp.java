package io.shakedown.monitor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A staging-like target: a real HTTP server on a fixed loopback port that a test takes down (the port is closed:
 * connection refused) and brings back on the same port. With a password it also has a login:
 * {@code POST /login} with {@code {"user": "ada", "password": ...}} answers a bearer token (401 for a wrong password),
 * and {@code GET /me} answers 200 only with that token.
 */
final class StagingApp implements AutoCloseable {
    private final int port;
    private final String password;
    private final String token = "tok-" + java.util.UUID.randomUUID();
    private HttpServer server;

    StagingApp() throws IOException {
        this(null);
    }

    StagingApp(String password) throws IOException {
        this.password = password;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        up();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    synchronized void up() throws IOException {
        if (server != null) return;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/health", ex -> {
            byte[] b = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        if (password != null) {
            server.createContext("/login", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s", "");
                boolean ok = "POST".equals(ex.getRequestMethod()) && body.contains("\"password\":\"" + password + "\"");
                respond(ex, ok ? 200 : 401, ok ? "{\"token\":\"" + token + "\"}" : "{\"error\":\"wrong password\"}");
            });
            server.createContext("/me", ex -> {
                boolean ok = ("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"));
                respond(ex, ok ? 200 : 401, ok ? "{\"user\":\"ada\"}" : "{\"error\":\"sign in first\"}");
            });
        }
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    synchronized void down() {
        if (server == null) return;
        server.stop(0);
        server = null;
    }

    @Override
    public void close() {
        down();
    }
}
