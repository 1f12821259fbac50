package io.shakedown.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Chromium and chromedriver this machine provides: {@code SHAKEDOWN_CHROMIUM} / {@code SHAKEDOWN_CHROMEDRIVER}
 * when set, else the first of the usual names on the PATH. Nothing is ever downloaded (no Selenium Manager): a
 * machine without them gets a reason to print, and the browser stage is skipped.
 */
public record ChromiumInstallation(Path chromium, Path chromedriver) {
    static final List<String> CHROMIUM_NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome");
    static final List<String> DRIVER_NAMES = List.of("chromedriver");

    /** What {@link #find} found: an installation, or why there is none. */
    public record Lookup(Optional<ChromiumInstallation> installation, String missing) {}

    public static Lookup find(Map<String, String> env) {
        Optional<Path> chromium = locate(env, "SHAKEDOWN_CHROMIUM", CHROMIUM_NAMES);
        Optional<Path> driver = locate(env, "SHAKEDOWN_CHROMEDRIVER", DRIVER_NAMES);
        if (chromium.isEmpty()) {
            return new Lookup(Optional.empty(), "no Chromium found: " + where(env, "SHAKEDOWN_CHROMIUM", CHROMIUM_NAMES)
                    + " (install Debian's chromium and chromium-driver, or set SHAKEDOWN_CHROMIUM and SHAKEDOWN_CHROMEDRIVER)");
        }
        if (driver.isEmpty()) {
            return new Lookup(Optional.empty(), "no chromedriver found for " + chromium.get() + ": " + where(env, "SHAKEDOWN_CHROMEDRIVER", DRIVER_NAMES)
                    + " (install chromium-driver, or set SHAKEDOWN_CHROMEDRIVER)");
        }
        return new Lookup(Optional.of(new ChromiumInstallation(chromium.get(), driver.get())), null);
    }

    private static String where(Map<String, String> env, String variable, List<String> names) {
        String set = env.get(variable);
        if (set != null && !set.isBlank()) return variable + "=" + set + " is not an executable file";
        return variable + " is not set and none of " + String.join(", ", names) + " is on the PATH";
    }

    private static Optional<Path> locate(Map<String, String> env, String variable, List<String> names) {
        String set = env.get(variable);
        if (set != null && !set.isBlank()) {
            Path p = Path.of(set);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", "");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) continue;
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
