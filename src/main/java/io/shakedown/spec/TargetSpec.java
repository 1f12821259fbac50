package io.shakedown.spec;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What runs the app: an image Shakedown starts, or an already running deployment at a URL. Exactly one of image/url is set. */
public record TargetSpec(
        String image,
        URI url,
        Integer port,
        Map<String, String> env,
        List<String> command,
        Resources resources,
        Duration startupTimeout,
        PullPolicy pull) {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    public boolean isImage() {
        return image != null;
    }

    /** Container limits; null fields mean "no limit of that kind". */
    public record Resources(Long memoryBytes, Double cpus, Long pids) {
        public static final long DEFAULT_PIDS = 512;
    }

    public enum PullPolicy {
        /** Use the local image; pull only when it is absent (the default). */
        MISSING,
        ALWAYS,
        NEVER
    }
}
