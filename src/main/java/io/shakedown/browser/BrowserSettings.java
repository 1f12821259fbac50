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

    /** The one-shot command's: profiles under the temporary folder's shakedown-browsers-default. */
    public static BrowserSettings defaults() {
        return forInstallation("default", DEFAULT_MAX_CONCURRENT);
    }

    /**
     * The service's: profiles under {@code shakedown-browsers-<installationId>} in the temporary folder, so its
     * reaper only ever touches its own installation's browsers.
     */
    public static BrowserSettings forInstallation(String installationId, int maxConcurrent) {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "shakedown-browsers-" + installationId.replaceAll("[^A-Za-z0-9._-]", "_"));
        return new BrowserSettings(System.getenv(), maxConcurrent, root, Duration.ofSeconds(15), Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    /** The same settings with profiles under {@code root}. */
    public BrowserSettings withProfileRoot(Path root) {
        return new BrowserSettings(env, maxConcurrent, root, pageTimeout, quiet, settleMax);
    }

    public ChromiumInstallation.Lookup chromium() {
        return ChromiumInstallation.find(env);
    }
}
