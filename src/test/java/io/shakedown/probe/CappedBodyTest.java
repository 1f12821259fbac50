package io.shakedown.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A body larger than the cap is read to its end but only its first MiB is kept; the rest is counted. */
class CappedBodyTest {

    @Test
    void keepsTheFirstMibAndCountsTheRest() throws Exception {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int size = 3 * CappedBody.CAP + 123;
        server.createContext("/big", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: the client cannot know the size in advance
            try (var out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < size; sent += chunk.length) {
                    java.util.Arrays.fill(chunk, (byte) ('a' + (sent / chunk.length) % 26));
                    out.write(chunk, 0, Math.min(chunk.length, size - sent));
                }
            }
        });
        server.start();
        try {
            var r = new HttpProbe().get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/big"), Duration.ofSeconds(10));
            assertEquals(CappedBody.CAP, r.body().bytes().length);
            assertEquals(size, r.body().totalBytes());
            assertTrue(r.body().truncated());
            assertEquals('a', r.body().bytes()[0]);
        } finally {
            server.stop(0);
        }
    }
}
