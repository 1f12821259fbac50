import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Needs DATABASE_URL; without it, start-up fails with a stack trace and exit code 1. */
public final class BillingService {

    public static void main(String[] args) throws IOException {
        System.out.println("billing-service starting");
        URI database = Config.databaseUrl();
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("billing-service using database " + database.getHost() + ", listening on 0.0.0.0:8080");
    }

    static final class Config {
        static URI databaseUrl() {
            String url = System.getenv("DATABASE_URL");
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("DATABASE_URL is not set");
            }
            return URI.create(url);
        }
    }
}
