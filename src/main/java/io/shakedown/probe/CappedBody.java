package io.shakedown.probe;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read with a cap: the first {@link #CAP} bytes are kept, the rest is read up to {@link #DRAIN_LIMIT}
 * (so the connection can be reused) and only counted; past that the reading stops and the connection is dropped. An
 * app that streams gigabytes can neither fill Shakedown's memory nor keep a check busy reading them.
 */
public record CappedBody(byte[] bytes, long totalBytes) {
    /** One MiB: more than any assertion, capture or rule needs, small enough for many parallel checks. */
    public static final int CAP = 1024 * 1024;
    /** Past this many bytes the body is not read further: {@link #totalBytes} is then "at least". */
    public static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    public static final CappedBody EMPTY = new CappedBody(new byte[0], 0);

    public boolean truncated() {
        return totalBytes > bytes.length;
    }

    public static HttpResponse.BodyHandler<CappedBody> handler() {
        return handler(CAP);
    }

    public static HttpResponse.BodyHandler<CappedBody> handler(int cap) {
        return info -> new Subscriber(cap);
    }

    /**
     * A handler that remembers what it saw, so that an exchange cut at its deadline can still say how far it got:
     * the status line (headers were complete) and how many body bytes had arrived.
     */
    static final class Watched implements HttpResponse.BodyHandler<CappedBody> {
        private volatile int status = -1;
        private volatile Subscriber subscriber;

        @Override
        public HttpResponse.BodySubscriber<CappedBody> apply(HttpResponse.ResponseInfo info) {
            status = info.statusCode();
            subscriber = new Subscriber(CAP);
            return subscriber;
        }

        /** The status of the answer whose headers arrived, or -1 if none did. */
        int status() {
            return status;
        }

        long bodyBytesSoFar() {
            Subscriber s = subscriber;
            return s == null ? 0 : s.total;
        }

        /** Stops reading: the connection is closed, whatever the app keeps sending. */
        void abandon() {
            Subscriber s = subscriber;
            if (s != null) s.cancel();
        }
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<CappedBody> {
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private final int cap;
        private volatile Flow.Subscription subscription;
        private byte[] buf = new byte[8192];
        private int kept;
        private volatile long total;

        Subscriber(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) return;
            for (ByteBuffer b : items) {
                int n = b.remaining();
                total += n;
                int take = Math.min(n, cap - kept);
                if (take > 0) {
                    if (kept + take > buf.length) buf = Arrays.copyOf(buf, Math.min(cap, Math.max(buf.length * 2, kept + take)));
                    b.get(buf, kept, take);
                    kept += take;
                }
            }
            if (total >= DRAIN_LIMIT) {
                onComplete(); // enough seen: what is kept is all any assertion reads
                cancel();
            }
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new CappedBody(Arrays.copyOf(buf, kept), total));
        }
    }
}
