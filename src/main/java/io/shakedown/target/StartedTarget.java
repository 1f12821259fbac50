package io.shakedown.target;

/**
 * What a container ({@link ContainerTarget}) and a pod ({@code io.shakedown.target.kubernetes.KubernetesTarget})
 * share once created: the app's log as it streams in, and the clock an exit's run time is measured on.
 */
public abstract class StartedTarget implements TargetRuntime.StartableTarget {
    /** Log lines kept for the readiness diagnosis and the rules. */
    private static final int LOG_LINES = 2000;

    private final LogBuffer log = new LogBuffer(LOG_LINES);
    private final long createdNanos = System.nanoTime();

    @Override
    public final LogBuffer log() {
        return log;
    }

    /** Milliseconds since the target was created: an {@link ExitInfo}'s run time. */
    protected final long runMillis() {
        return (System.nanoTime() - createdNanos) / 1_000_000;
    }

    /** Closes each (nulls skipped) and ignores failures: cleanup must not hide the run's real outcome. */
    protected static void closeQuietly(Iterable<? extends AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            if (c == null) continue;
            try {
                c.close();
            } catch (Exception ignored) {
                // already closed, or the other side is gone: nothing left to release
            }
        }
    }

    /** The runtime's optional text (an exit error, an image id): null when it sent none or only blanks. */
    protected static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
