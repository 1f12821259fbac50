import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Healthy, every endpoint answers 200 — but GET /api/orders/{id} answers "id" as a string, while the OpenAPI document it
 * publishes at /openapi.json still says integer (a DTO changed, the document did not): clients generated from it break.
 */
public final class OrdersApi {
    static final String DOCUMENT = """
            {"openapi": "3.0.3", "info": {"title": "orders-api", "version": "2.4.0"},
             "paths": {
               "/health": {"get": {"operationId": "health", "responses": {"200": {"description": "up",
                 "content": {"application/json": {"schema": {"type": "object"}}}}}}},
               "/api/orders": {"get": {"operationId": "listOrders", "responses": {"200": {"description": "all orders",
                 "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}}}}}}},
               "/api/orders/{id}": {"get": {"operationId": "getOrder",
                 "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
                 "responses": {"200": {"description": "one order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                               "404": {"description": "no such order"}}}}},
             "components": {"schemas": {"Order": {"type": "object", "required": ["id", "total"],
               "properties": {"id": {"type": "integer", "format": "int64"}, "total": {"type": "number"}, "note": {"type": "string", "nullable": true}}}}}}
            """;

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
        server.createContext("/health", exchange -> reply(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/openapi.json", exchange -> reply(exchange, 200, DOCUMENT));
        server.createContext("/api/orders", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/orders")) reply(exchange, 200, "[{\"id\": 1, \"total\": 9.5, \"note\": null}]");
            else if (path.equals("/api/orders/1")) reply(exchange, 200, "{\"id\": \"1\", \"total\": 9.5}"); // the drift
            else reply(exchange, 404, "{\"error\": \"no such order\"}");
        });
        server.start();
        System.out.println("orders-api listening on 0.0.0.0:8080");
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
