package io.shakedown.monitor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real local HTTP receiver for alert webhooks; records each request's path, body and signature header. */
final class WebhookReceiver implements AutoCloseable {
    record Received(String path, String body, String signature, String event) {}

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int failFirst; // answer 500 to this many requests first (retry test)

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = 204;
            synchronized (this) {
                if (failFirst > 0) {
                    failFirst--;
                    status = 500;
                }
            }
            if (status == 204) {
                received.add(new Received(ex.getRequestURI().getPath(), body, ex.getRequestHeaders().getFirst("X-Shakedown-Signature"),
                        ex.getRequestHeaders().getFirst("X-Shakedown-Event")));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
