package io.shakedown.probe;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.report.SafeText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One HTTP client per run, and the words to describe transport failures the way a person would. */
public final class HttpProbe {
    private final HttpClient client;

    public HttpProbe() {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // a 3xx is an answer to assert on, not to follow silently
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /**
     * Loads and links the JDK HTTP client's whole request/response path (~50-100 ms in a fresh JVM) off
     * the critical path, so the attempt that finds the app ready is not slowed by it: one GET to a
     * throw-away server inside this JVM, on loopback. Nothing leaves the process.
     */
    public void warmUpInBackground() {
        Thread.ofVirtual().name("http-warm-up").start(() -> {
            HttpServer server = null;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                server.createContext("/", exchange -> {
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
                get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofSeconds(2));
            } catch (IOException | InterruptedException | RuntimeException ignored) {
                // a warm-up that fails costs nothing but its purpose
            } finally {
                if (server != null) server.stop(0);
            }
        });
    }

    public HttpClient client() {
        return client;
    }

    /** A bodiless GET used by readiness; the body is read (capped) for the diagnosis. */
    public HttpResponse<CappedBody> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("User-Agent", "shakedown").build();
        return client.send(request, CappedBody.handler());
    }

    /** "connection refused", "connection reset", "empty reply", "no answer within 2s"... */
    public static String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) return "connect timed out";
        if (e instanceof HttpTimeoutException) return "no answer within the request timeout";
        if (e instanceof ConnectException) return "connection refused";
        if (e instanceof ProtocolException) {
            // e.g. a NUL or a line break in a header value: the JDK client refuses the whole answer
            return "the answer is not valid HTTP: " + SafeText.clean(String.valueOf(e.getMessage()));
        }
        String m = String.valueOf(e.getMessage()).toLowerCase();
        if (m.contains("reset")) return "connection reset";
        if (m.contains("received no bytes") || m.contains("eof") || m.contains("closed")) return "connection closed without an HTTP answer (empty reply)";
        if (e.getCause() != null && e.getCause() != e) return describe(e.getCause());
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
