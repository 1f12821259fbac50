package io.shakedown.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the offline base images and the example images with the project's own scripts, once per test
 * JVM. Both scripts are idempotent and take a few seconds when the images are already there.
 */
public final class ExampleImages {
    private static boolean built;

    private ExampleImages() {}

    public static synchronized void ensureBuilt() {
        if (built) return;
        run(List.of("bash", "scripts/build-base-images.sh"));
        run(List.of("bash", "scripts/build-examples.sh"));
        built = true;
    }

    public static Path example(String name) {
        return Path.of("examples", name, "shakedown.yml");
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
