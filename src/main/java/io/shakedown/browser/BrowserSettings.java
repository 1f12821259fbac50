package io.shakedown.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the browser stage runs Chromium on this machine. {@code env}: where {@link ChromiumInstallation} looks
 * (SHAKEDOWN_CHROMIUM, SHAKEDOWN_CHROMEDRIVER, PATH); {@code maxConcurrent}: browsers at once in this process
 * ({@code shakedown.browser.max-concurrent}); {@code profileRoot}: where profile folders are made (and reaped);
 * {@code pageTimeout}: the load event's limit; {@code quiet}: how long the network must be idle after load for a
 * page to count as settled, at most {@code settleMax} after load.
 */
public record BrowserSettings(Map<String, String> env, int maxConcurrent, Path profileRoot, Duration pageTimeout, Duration quiet, Duration settleMax) {
    public static final int DEFAULT_MAX_CONCURRENT = 2;

    public BrowserSettings {
        env = Map.copyOf(env);
        if (maxConcurrent < 1) throw new IllegalArgumentException("shakedown.browser.max-concurrent must be at least 1, got " + maxConcurrent);
    }

    public static BrowserSettings defaults() {
        return withMaxConcurrent(DEFAULT_MAX_CONCURRENT);
    }

    public static BrowserSettings withMaxConcurrent(int maxConcurrent) {
        return new BrowserSettings(System.getenv(), maxConcurrent, Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(15),
                Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    public ChromiumInstallation.Lookup chromium() {
        return ChromiumInstallation.find(env);
    }
}
