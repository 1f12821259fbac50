package io.shakedown.probe;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read with a cap: the first {@link #CAP} bytes are kept, the rest is read (so the connection can be
 * reused) and only counted. An app that streams gigabytes cannot fill Shakedown's memory.
 */
public record CappedBody(byte[] bytes, long totalBytes) {
    /** One MiB: more than any assertion, capture or rule needs, small enough for many parallel checks. */
    public static final int CAP = 1024 * 1024;

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

    private static final class Subscriber implements HttpResponse.BodySubscriber<CappedBody> {
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private final int cap;
        private byte[] buf = new byte[8192];
        private int kept;
        private long total;

        Subscriber(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
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
