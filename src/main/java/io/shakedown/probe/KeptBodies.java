package io.shakedown.probe;

import io.shakedown.report.Report;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The whole bodies of the answers whose report evidence keeps only an excerpt (the first 2 KiB), held in the run's
 * memory for a later stage that judges the whole body (the contract stage's schema check of declared checks and flow
 * steps) and never written anywhere. Bounded: each body is at most {@link CappedBody#CAP}, all of them together at most
 * {@code maxBytes}; past that a body is not kept (its schema is then not checked). {@link #NONE} keeps nothing: a run
 * without a contract pays nothing.
 */
public final class KeptBodies {
    /** Sixteen 1 MiB bodies: enough for a spec's checks, small next to the service's heap per run. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    public static final KeptBodies NONE = new KeptBodies(0);

    private final long maxBytes;
    private final Map<Report.ResponseEvidence, byte[]> bodies = new IdentityHashMap<>();
    private long bytes;

    public KeptBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code body} as the whole body behind {@code evidence} when the excerpt is not all of it, it was read whole, and it fits. */
    synchronized void keep(Report.ResponseEvidence evidence, CappedBody body) {
        if (!evidence.bodyTruncated() || body.truncated() || bytes + body.bytes().length > maxBytes) return;
        bodies.put(evidence, body.bytes());
        bytes += body.bytes().length;
    }

    /** The whole body behind {@code evidence} (this very object), if it was kept. */
    public synchronized Optional<byte[]> body(Report.ResponseEvidence evidence) {
        return Optional.ofNullable(bodies.get(evidence));
    }
}
