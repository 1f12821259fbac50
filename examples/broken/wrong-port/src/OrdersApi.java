import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Reads its port from PORT and falls back to 3000 (a habit from Node land). The deployment spec
 * declares 8080 and does not set PORT, so the app listens on 0.0.0.0:3000 and nothing answers on 8080.
 */
public final class OrdersApi {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
        server.createContext("/health", exchange -> reply(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/api/orders", exchange -> reply(exchange, 200, "{\"orders\":[]}"));
        server.start();
        System.out.println("orders-api listening on 0.0.0.0:" + port);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
