package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.run.EngineSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Docker client asks the engine for uncompressed answers: asked for gzip (the Apache client's default), the engine
 * gzips a {@code docker cp} archive on the fly — a Spring Boot image's 56 MB jar cost dockerd ~1.2 s of CPU instead of
 * ~0.1 s while the run's PostgreSQL started beside it (docs/performance.md, issue 18). A stand-in engine on TCP records
 * what each request asked for.
 */
class DockerClientsEncodingTest {

    @Test
    void everyRequestAsksForAnUncompressedAnswer() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " Accept-Encoding: "
                    + exchange.getRequestHeaders().getFirst("Accept-Encoding"));
            byte[] body = "OK".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        engine.start();
        var settings = new EngineSettings(Optional.of("tcp://127.0.0.1:" + engine.getAddress().getPort()), "encoding-test",
                Optional.empty(), Optional.empty(), EngineSettings.defaults().diagnosisHelperImage());
        try (var docker = new DockerClients(settings)) {
            docker.api.pingCmd().exec();
            docker.streams.pingCmd().exec();
        } finally {
            engine.stop(0);
        }
        assertEquals(2, asked.size(), asked.toString());
        for (String request : asked) {
            assertFalse(request.contains("gzip") || request.contains("deflate"), request);
            assertTrue(request.endsWith("Accept-Encoding: identity"), request);
        }
    }
}
