package io.shakedown.perf;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the performance stage runs: where the load runner is, the fork's heap, where each run's Gatling
 * output (HTML report included) goes, and where baselines are kept.
 *
 * @param runnerHome the perf-runner build output: a folder with perf-runner.jar and lib/; empty = found
 *                   next to the application (see {@link #locateRunner})
 * @param heap       -Xmx of the forked JVM, e.g. 512m
 * @param workDir    each run's output goes to workDir/&lt;runId&gt;/
 * @param generatorCpus the CPUs the load runner may run on, as taskset takes them ("2,3", "0-1"); empty = any. Keeps
 *                   the generator off the app's cores on a machine big enough; on a small one it shows (in the report's
 *                   generator figures) how much the generator's CPU limits the throughput measured
 */
public record PerfSettings(Optional<Path> runnerHome, String heap, Path workDir, BaselineStore baselines, Optional<String> generatorCpus) {
    public static final String DEFAULT_HEAP = "512m";

    public PerfSettings(Optional<Path> runnerHome, String heap, Path workDir, BaselineStore baselines) {
        this(runnerHome, heap, workDir, baselines, Optional.empty());
    }

    public PerfSettings {
        generatorCpus = generatorCpus == null ? Optional.empty() : generatorCpus.map(String::strip).filter(s -> !s.isEmpty());
        generatorCpus.ifPresent(c -> {
            if (!c.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
                throw new IllegalArgumentException("generator CPUs: a CPU list such as 0 or 2,3 or 0-1, got '" + c + "'");
            }
        });
    }

    public static PerfSettings defaults() {
        return new PerfSettings(Optional.empty(), DEFAULT_HEAP,
                Path.of(System.getProperty("java.io.tmpdir"), "shakedown", "perf"), BaselineStore.NONE);
    }

    /**
     * The runner folder: the configured one, or perf-runner/target found by walking up from where this
     * class was loaded (target/classes in a build, target/quarkus-app/app/*.jar when packaged), or from
     * the working directory.
     */
    public Path locateRunner() {
        if (runnerHome.isPresent()) return runnerHome.get();
        try {
            Path here = Path.of(PerfSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = here; p != null; p = p.getParent()) {
                Path candidate = p.resolve("perf-runner").resolve("target");
                if (Files.exists(candidate.resolve("perf-runner.jar"))) return candidate;
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall back to the working directory
        }
        return Path.of("perf-runner", "target").toAbsolutePath();
    }
}
