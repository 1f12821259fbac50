import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A JSON API whose speed is set from outside, for the performance examples: every /api request takes
 * DELAY_MS milliseconds of waiting (a stand-in for a database call). Image 1.0 waits 40 ms, image 2.0
 * (built with --build-arg DELAY_MS=60) waits 60 ms: v2 is ~50 % slower. The wait is a park, not CPU
 * work, so a busy machine slows both versions alike and the comparison stays fair.
 */
public final class PerfApp {

    public static void main(String[] args) throws IOException {
        long delayNanos = (long) (Double.parseDouble(System.getenv().getOrDefault("DELAY_MS", "40")) * 1_000_000);
        String version = System.getenv().getOrDefault("APP_VERSION", "1.0");
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                route(exchange, delayNanos, version);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
        System.out.println("perf-app " + version + " listening on 0.0.0.0:8080 (delay " + delayNanos / 1_000_000.0 + " ms per /api request)");
    }

    private static void route(HttpExchange exchange, long delayNanos, String version) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/health")) {
            send(exchange, 200, "{\"status\":\"UP\",\"version\":\"" + version + "\"}");
            return;
        }
        if (path.startsWith("/api/")) park(delayNanos);
        switch (path) {
            case "/api/items" -> send(exchange, 200, "{\"items\":[{\"id\":1,\"name\":\"hammer\"},{\"id\":2,\"name\":\"saw\"}]}");
            case "/api/items/1" -> send(exchange, 200, "{\"id\":1,\"name\":\"hammer\"}");
            default -> send(exchange, 404, "{\"error\":\"not found\"}");
        }
    }

    private static void park(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) LockSupport.parkNanos(left);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
