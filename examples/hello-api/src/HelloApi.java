import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A small, healthy JSON API: the example Shakedown should PASS. */
public final class HelloApi {

    public static void main(String[] args) throws IOException {
        String greeting = System.getenv().getOrDefault("GREETING", "hello");
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                route(exchange, greeting);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
        // The epoch-ms stamp lets bench/ measure how long a validator takes to notice the app is ready.
        System.out.println("hello-api listening on 0.0.0.0:8080 (ready at epoch-ms " + System.currentTimeMillis() + ")");
    }

    private static void route(HttpExchange exchange, String greeting) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            send(exchange, 405, "{\"error\":\"method not allowed\"}");
            return;
        }
        switch (path) {
            case "/health" -> send(exchange, 200, "{\"status\":\"UP\"}");
            case "/api/items" -> send(exchange, 200,
                    "{\"items\":[{\"id\":1,\"name\":\"hammer\"},{\"id\":2,\"name\":\"saw\"}]}");
            case "/api/greeting" -> send(exchange, 200, "{\"greeting\":" + jsonString(greeting) + "}");
            default -> send(exchange, 404, "{\"error\":\"not found\",\"path\":" + jsonString(path) + "}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String jsonString(String s) {
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
}
