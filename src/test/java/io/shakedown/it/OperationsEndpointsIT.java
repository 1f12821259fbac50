package io.shakedown.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged service answers /q/openapi, /q/swagger-ui, /q/metrics and /q/health/ready without a token on its
 * management interface, and none of them on its public port.
 */
class OperationsEndpointsIT {

    @Test
    void packagedServiceServesOpenApiSwaggerUiAndMetrics() throws Exception {
        var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        int port = ServiceProcessIT.freePort();
        Path log = Files.createTempFile("shakedown-ops-it", ".log");
        Process service = ServiceProcessIT.launch(port, "ops-it", log, Map.of("SHAKEDOWN_AUTH_ADMIN_TOKEN", "ops-it-admin-0123456789abcdef"));
        try {
            ServiceProcessIT.awaitLive(http, port, log);
            int management = ServiceProcessIT.managementPort(port);
            for (String path : List.of("/q/openapi", "/q/metrics", "/q/health/ready")) {
                assertEquals(404, get(http, port, path).statusCode(), path + " is not on the public port");
            }
            var openapi = get(http, management, "/q/openapi");
            assertEquals(200, openapi.statusCode());
            assertTrue(openapi.body().startsWith("---") || openapi.body().contains("openapi: 3."), openapi.body().substring(0, 200));
            assertTrue(openapi.body().contains("/api/v1/validations"));
            var ui = get(http, management, "/q/swagger-ui/");
            assertEquals(200, ui.statusCode());
            assertTrue(ui.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(ui.body().contains("swagger-ui"), "the Swagger UI page");
            var metrics = get(http, management, "/q/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("shakedown_runs_in_flight"), "Shakedown's own metrics are exported");
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "and the JVM's");
            var ready = get(http, management, "/q/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
