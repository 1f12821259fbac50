package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code shakedown submit --wait N} keeps its word when the server's event stream stays quiet: a server that opens
 * the stream and sends nothing (a run stuck RUNNING, a proxy buffering the stream) used to hold the command until the
 * stream ended, however long that took.
 */
class SubmitWaitDeadlineTest {

    @Test
    void aQuietEventStreamDoesNotHoldSubmitPastItsWait() throws Exception {
        var released = new CountDownLatch(1);
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        String running = "{\"id\":\"r1\",\"app\":\"quiet\",\"environment\":\"ci\",\"status\":\"RUNNING\"}";
        server.createContext("/api/v1/validations", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/events")) {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write(": open\n\n".getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                try {
                    released.await(); // quiet until the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
                return;
            }
            byte[] body = running.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(ex.getRequestMethod().equals("POST") ? 202 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        Path spec = Files.createTempFile("quiet", ".yml");
        Files.writeString(spec, "app: quiet\ntarget: { image: 'quiet:1', port: 8080 }\n");
        try {
            // the stream stays open until the test ends: before the fix, submit read it until then (here: forever)
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of(Map.<String, String>of()::get,
                    "submit", spec.toString(), "--server", "http://127.0.0.1:" + server.getAddress().getPort(), "--wait", "2"));
            assertEquals(Console.TROUBLE, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("no verdict within 2 s"), run.err());
        } finally {
            released.countDown();
            server.stop(0);
            Files.deleteIfExists(spec);
        }
    }
}
