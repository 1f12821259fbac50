import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in app for rule tests: prints /app/banner.txt (a framework's real start-up lines), binds
 * BIND:PORT, and answers routes from /app/routes.txt ("PATH STATUS Header: v|Header: v BODY", "-" for
 * none; \n in BODY is a newline). With LEAK_STACKTRACE=1 unknown paths answer 500 with a Java stack trace.
 */
public class ScriptedApp {
    record Route(int status, Map<String, String> headers, String body) {}

    public static void main(String[] args) throws IOException {
        String bind = System.getenv().getOrDefault("BIND", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Path banner = Path.of("/app/banner.txt");
        if (Files.exists(banner)) for (String line : Files.readAllLines(banner)) System.out.println(line);
        Map<String, Route> routes = new LinkedHashMap<>();
        Path routeFile = Path.of("/app/routes.txt");
        if (Files.exists(routeFile)) {
            for (String line : Files.readAllLines(routeFile)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(" ", 4);
                Map<String, String> headers = new LinkedHashMap<>();
                if (!f[2].equals("-")) for (String h : f[2].split("\\|")) {
                    int c = h.indexOf(':');
                    headers.put(h.substring(0, c), h.substring(c + 1));
                }
                routes.put(f[0], new Route(Integer.parseInt(f[1]), headers, f.length > 3 ? f[3].replace("\\n", "\n") : ""));
            }
        }
        boolean leak = "1".equals(System.getenv("LEAK_STACKTRACE"));
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Route r = routes.get(path);
            if (r == null && path.equals("/health")) r = new Route(200, Map.of("Content-Type", "application/json"), "{\"status\":\"UP\"}");
            if (r == null && leak) {
                var e = new IllegalStateException("no route for " + path);
                var sw = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(sw));
                r = new Route(500, Map.of("Content-Type", "text/plain"), sw.toString());
            }
            if (r == null) r = routes.getOrDefault("*", new Route(404, Map.of("Content-Type", "application/json"), "{\"error\":\"not found\"}"));
            routes.getOrDefault("ALL", new Route(0, Map.of(), "")).headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("scripted app serving on " + bind + ":" + port + " " + List.of(routes.keySet()));
    }
}
