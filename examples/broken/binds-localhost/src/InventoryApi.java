import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Works on a laptop, fails in a container: "localhost" resolves to 127.0.0.1, so the server only
 * accepts connections from inside the container and a published port never reaches it.
 */
public final class InventoryApi {

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 8080), 0); // the bug
        server.createContext("/health", exchange -> reply(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/api/stock", exchange -> reply(exchange, 200, "{\"sku\":\"HAM-1\",\"quantity\":12}"));
        server.start();
        System.out.println("inventory-api listening on http://localhost:8080");
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
