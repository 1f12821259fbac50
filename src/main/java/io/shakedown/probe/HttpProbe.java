package io.shakedown.probe;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.report.SafeText;
import io.shakedown.run.LazyDefaultSsl;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;

/** One HTTP client per run, and the words to describe transport failures the way a person would. */
public final class HttpProbe implements AutoCloseable {
    private final HttpClient client;
    private final String traceLink;

    public HttpProbe() {
        this(null);
    }

    /** {@code traceLink}: the spec's settings.traceLink (a URL with {traceId}), or null. */
    public HttpProbe(String traceLink) {
        this.traceLink = traceLink;
        this.client = HttpClient.newBuilder()
                // the TLS context when an https URL needs it, not now; parameters left unset are the engine's defaults,
                // the same ones the default context would have given (an empty set keeps the client from asking for them)
                .sslContext(LazyDefaultSsl.INSTANCE).sslParameters(new SSLParameters())
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

    /**
     * Stops the client's selector thread now, at the run's end, instead of when the client is collected: a service
     * would otherwise keep one idle thread per finished run until the next GC, and a one-shot JVM waits ~300 ms at
     * exit for a thread still blocked in native code (HotSpot's VM_Exit waits for those before it exits).
     */
    @Override
    public void close() {
        client.shutdownNow();
    }

    /** A bodiless GET used by readiness; the body is read (capped) for the diagnosis, all of it within {@code timeout}. */
    public HttpResponse<CappedBody> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        return exchange(client, request(uri, timeout).GET().build(), timeout);
    }

    /**
     * Every request to the app starts here: Shakedown's User-Agent and a W3C traceparent of its own (the app's traces
     * of it carry the trace id the report shows). Headers a spec sets afterwards with {@code setHeader} replace these.
     */
    public static HttpRequest.Builder request(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "shakedown")
                .header("traceparent", TraceContext.newTraceparent());
    }

    /** The trace id {@code request} carried, or null. */
    public static String traceId(HttpRequest request) {
        return TraceContext.traceId(request.headers().firstValue("traceparent").orElse(null));
    }

    /** Where the trace {@code traceId} is seen (the spec's settings.traceLink), or null. */
    public String traceUrl(String traceId) {
        return traceLink == null || traceId == null ? null : traceLink.replace("{traceId}", traceId);
    }

    /**
     * Sends {@code request} and reads its whole answer, headers and (capped) body, within {@code total}. The JDK
     * client's own timeout ends with the headers: an app that answers 200 and then drips its body forever would hold
     * the caller (and the run) as long as it liked. Past {@code total} the exchange is abandoned (the connection
     * closed) and the exception says how far it got: no answer ({@link HttpTimeoutException}) or headers but an
     * unfinished body ({@link BodyNotFinished}).
     */
    public static HttpResponse<CappedBody> exchange(HttpClient client, HttpRequest request, Duration total)
            throws IOException, InterruptedException {
        var watched = new CappedBody.Watched();
        CompletableFuture<HttpResponse<CappedBody>> answer = client.sendAsync(request, watched);
        try {
            return answer.get(Math.max(1, total.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            watched.abandon();
            answer.cancel(true);
            if (watched.status() >= 0) throw new BodyNotFinished(watched.status(), watched.bodyBytesSoFar(), total);
            throw new HttpTimeoutException("no answer within " + seconds(total));
        } catch (InterruptedException e) {
            watched.abandon();
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            // the client's own request timeout can fire a moment before ours: the same event, said the same way
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                Duration limit = request.timeout().orElse(total);
                if (watched.status() >= 0) throw new BodyNotFinished(watched.status(), watched.bodyBytesSoFar(), limit);
                throw new HttpTimeoutException("no answer within " + seconds(limit));
            }
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause);
        }
    }

    /** The status line and headers came, the body did not finish in time: an app's fault worth its own words. */
    public static final class BodyNotFinished extends HttpTimeoutException {
        private final int status;

        private static final String WORDS = " but its body had not finished after ";

        BodyNotFinished(int status, long bytesSoFar, Duration after) {
            super("answered " + status + WORDS + seconds(after) + " (" + bytesSoFar + " bytes received)");
            this.status = status;
        }

        /** Whether a transport error's words (from {@link #describe}) are this case's. */
        public static boolean describes(String transportError) {
            return transportError != null && transportError.startsWith("answered ") && transportError.contains(WORDS);
        }

        public int status() {
            return status;
        }
    }

    /** "5 s", "1.5 s", "300 ms". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** "connection refused", "connection reset", "empty reply", "no answer within 2s"... */
    public static String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) return "connect timed out";
        if (e instanceof BodyNotFinished) return e.getMessage();
        if (e instanceof HttpTimeoutException) {
            String m = String.valueOf(e.getMessage());
            return m.startsWith("no answer within") ? m : "no answer within the request timeout";
        }
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
