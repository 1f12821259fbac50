package io.shakedown.probe;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context for the requests Shakedown sends: each request starts a trace of its own, marked sampled, so an
 * app that traces (OpenTelemetry, Spring's Micrometer Tracing, Quarkus' OpenTelemetry) records the request under the
 * trace id the report shows, and a failed check leads straight to the app's side of it.
 */
public final class TraceContext {
    private static final HexFormat HEX = HexFormat.of();

    private TraceContext() {}

    /** {@code 00-<32 hex trace id>-<16 hex parent id>-01}; ids are never all zeros (the spec forbids it). */
    public static String newTraceparent() {
        return traceparent(newTraceId());
    }

    /** A fresh 32-hex trace id (a browser page's requests share one: the page load is one trace). */
    public static String newTraceId() {
        return nonZeroHex(16);
    }

    /** A traceparent in trace {@code traceId} with a parent id of its own, sampled. */
    public static String traceparent(String traceId) {
        return "00-" + traceId + "-" + nonZeroHex(8) + "-01";
    }

    /** The trace id of a traceparent value, or null when it is not one. */
    public static String traceId(String traceparent) {
        if (traceparent == null) return null;
        String[] parts = traceparent.strip().split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    private static String nonZeroHex(int bytes) {
        byte[] b = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(b);
        } while (allZero(b));
        return HEX.formatHex(b);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
