import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Up and listening on 0.0.0.0:8080, but its health check reports a dead database: /health is 503. */
public final class PaymentsApi {

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
        server.createContext("/health", exchange -> reply(exchange, 503,
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"database\",\"status\":\"DOWN\",\"error\":\"connection refused\"}]}"));
        server.createContext("/api/payments", exchange -> reply(exchange, 200, "{\"payments\":[]}"));
        server.start();
        System.out.println("payments-api listening on 0.0.0.0:8080");
        System.out.println("WARN health check 'database' is DOWN: connection refused (db:5432)");
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
