package io.shakedown.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 standing in for the app under validation:
 * /health 200, /api/items 200 JSON, /boom 500, /never 503 forever,
 * /ready-after/{key}/{ms} 503 until {ms} after the first request for {key}, then 200.
 */
final class TestApp implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

    TestApp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/health", ex -> send(ex, 200, "text/plain", "ok"));
        server.createContext("/api/items", ex -> send(ex, 200, "application/json", "{\"items\":[1,2]}"));
        server.createContext("/boom", ex -> send(ex, 500, "text/plain", "boom"));
        server.createContext("/never", ex -> send(ex, 503, "text/plain", "not yet"));
        server.createContext("/ready-after/", ex -> {
            String[] parts = ex.getRequestURI().getPath().split("/"); // "", ready-after, key, ms
            long since = firstSeen.computeIfAbsent(parts[2], k -> System.nanoTime());
            boolean ready = (System.nanoTime() - since) / 1_000_000 >= Long.parseLong(parts[3]);
            send(ex, ready ? 200 : 503, "text/plain", ready ? "ready" : "starting");
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A spec for this server: readiness on {@code readyPath}, one check of {@code checkPath} expecting {@code status}. */
    String spec(String app, String readyPath, String checkPath, int status) {
        return """
                app: %s
                environment: ci
                target: { url: "%s" }
                readiness: { http: { path: %s, status: 200 } }
                checks:
                  - name: probe
                    request: { method: GET, path: %s, headers: { Accept: application/json } }
                    expect: { status: %d }
                """.formatted(app, url(), readyPath, checkPath, status);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
