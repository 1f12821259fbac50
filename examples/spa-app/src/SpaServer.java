import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Serves a built single-page app the way production should: files as they are, and for any other path
 * without a file extension (a client-side route like /orders/42) the app shell, index.html.
 */
public final class SpaServer {
    static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript", "css", "text/css", "svg", "image/svg+xml",
            "ico", "image/x-icon", "woff2", "font/woff2", "webmanifest", "application/manifest+json", "json", "application/json");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "www").toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, root);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
        System.out.println("spa-app serving " + root + " on 0.0.0.0:8080");
    }

    private static void serve(HttpExchange ex, Path root) throws IOException {
        String path = ex.getRequestURI().getPath();
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root)) {
            send(ex, 404, "text/plain", "not found".getBytes());
            return;
        }
        if (Files.isDirectory(file)) file = file.resolve("index.html");
        if (!Files.isRegularFile(file)) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (last.contains(".")) { // a missing asset stays a 404; only routes fall back to the shell
                send(ex, 404, "text/plain", "not found".getBytes());
                return;
            }
            file = root.resolve("index.html");
        }
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(file));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
