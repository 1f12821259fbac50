package io.shakedown.monitor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A staging-like target: a real HTTP server on a fixed loopback port that a test takes down (the port is closed:
 * connection refused) and brings back on the same port.
 */
final class StagingApp implements AutoCloseable {
    private final int port;
    private HttpServer server;

    StagingApp() throws IOException {
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
        server.start();
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
