package io.shakedown.perf;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.run.Cancellation;
import io.shakedown.target.TargetException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the Gatling load runner (perf-runner/) as a child JVM: plan.json in, stats.json out. The child
 * has a bounded heap and a wall-time bound, and is killed (with its children) on cancel. Gatling is
 * forked because its Netty 4.2 clashes with Quarkus's 4.1 and it sets JVM-wide TLS properties.
 */
final class PerfFork {
    /** Load-runner JVMs alive now (the service's metrics). */
    static final AtomicInteger RUNNING = new AtomicInteger();

    static final String MAIN = "io.shakedown.perfrunner.PerfRunner";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The plan, as the runner reads it (io.shakedown.perfrunner.LoadPlan). */
    record Plan(List<Run> runs) {}

    record Run(String id, String baseUrl, List<Request> requests, String model, double rate, int users,
               long rampUpMs, long warmUpMs, long durationMs, boolean htmlReport) {
        long boundMillis() {
            long timeout = requests.stream().mapToLong(Request::timeoutMs).max().orElse(10_000);
            // Gatling's own maxDuration is pre + duration + timeout + 5 s; add report generation.
            return rampUpMs + warmUpMs + durationMs + timeout + 15_000;
        }
    }

    record Request(String name, String method, String path, Map<String, String> headers, String bodyBase64,
                   int weight, long timeoutMs) {}

    /** The runner's stats.json. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stats(String gatlingVersion, List<RunStats> runs) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RunStats(String id, String status, String failure, String reportDir, long count, long errors, int min,
                    int mean, int p50, int p75, int p95, int p99, int max, double throughput, long windowMs,
                    List<ErrorCount> errorMessages, long generatorCpuMs, int generatorCpus, long machineBusyMs, int machineCpus) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorCount(String message, int count) {}

    private final PerfSettings settings;

    PerfFork(PerfSettings settings) {
        this.settings = settings;
    }

    /**
     * Runs the plan into {@code outDir}; returns the stats (possibly fewer runs than planned when the
     * fork died or was killed). Throws TargetException (→ ERROR) when the runner cannot be started.
     */
    Stats run(Plan plan, Path outDir, Cancellation cancellation) throws InterruptedException {
        Path home = settings.locateRunner();
        Path jar = home.resolve("perf-runner.jar");
        if (!Files.exists(jar)) {
            throw new TargetException("the Gatling load runner is not built: no " + jar
                    + " (build it with ./mvnw package, or set SHAKEDOWN_PERF_RUNNER / shakedown.perf.runner-home to its folder)");
        }
        try {
            Files.createDirectories(outDir);
            Path planFile = outDir.resolve("plan.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(planFile.toFile(), plan);
            Path log = outDir.resolve("runner.log");
            var cmd = command(plan, home, planFile, outDir);
            var builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            // the service image tunes its own JVM through JDK_JAVA_OPTIONS (e.g. SerialGC); the load runner has its own flags
            builder.environment().remove("JDK_JAVA_OPTIONS");
            Process process = builder.start();
            RUNNING.incrementAndGet();
            process.onExit().thenRun(RUNNING::decrementAndGet);
            Runnable kill = () -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            };
            cancellation.onCancel(kill);
            long bound = plan.runs().stream().mapToLong(Run::boundMillis).sum() + 30_000;
            boolean ended;
            try {
                ended = process.waitFor(bound, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill.run();
                throw e;
            }
            if (!ended) {
                kill.run();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            Path statsFile = outDir.resolve("stats.json");
            Stats stats = Files.exists(statsFile) ? JSON.readValue(statsFile.toFile(), Stats.class) : new Stats(null, List.of());
            if (!ended) {
                throw new TargetException("the load runner exceeded its wall-time bound of " + Duration.ofMillis(bound).toSeconds()
                        + " s and was killed; its log: " + log);
            }
            if (cancellation.isCancelled()) return stats;
            if (stats.runs().size() < plan.runs().size()) {
                throw new TargetException("the load runner ended with exit code " + process.exitValue() + " after "
                        + stats.runs().size() + " of " + plan.runs().size() + " load run(s): " + tail(log));
            }
            return stats;
        } catch (IOException e) {
            throw new TargetException("could not run the load runner: " + e.getMessage(), e);
        }
    }

    /** The load runner's command line: plan.json in, outDir for stats.json and Gatling's output. */
    List<String> command(Plan plan, Path home, Path planFile, Path outDir) {
        var cmd = new ArrayList<String>();
        settings.generatorCpus().ifPresent(cpus -> cmd.addAll(List.of("taskset", "-c", cpus)));
        cmd.addAll(List.of(javaBinary(), "-Xmx" + settings.heap(), "-Xss2m", "-XX:+UseParallelGC"));
        cmd.addAll(jitFlags(plan));
        cmd.addAll(NETTY_FLAGS);
        cmd.addAll(List.of(
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", home.resolve("perf-runner.jar") + File.pathSeparator + home.resolve("lib") + File.separator + "*",
                MAIN, planFile.toString(), outDir.toString()));
        return cmd;
    }

    /**
     * Netty's leak detector (level "simple" by default) tracks one buffer in 128 and captures a stack trace for each:
     * 2 162 captures in one 16 s run at ~4 700 requests/s (JFR, jdk.JavaExceptionThrow), work on the generator's event
     * loops that no figure of the report needs. The runner releases every buffer through Gatling's own client.
     */
    static final List<String> NETTY_FLAGS = List.of("-Dio.netty.leakDetection.level=disabled");

    /** Plans that load for at most this long (ramp-up, warm-up and measure of every run) get the C1 compiler only. */
    static final long SHORT_PLAN_MILLIS = 30_000;

    /**
     * The forked JVM's JIT for the plan's length. Gatling's code is large (Scala, Netty): in a short run the C2
     * compiler threads used more CPU than the load itself (2.4 CPU-s of 6 s in a 12 s run, measured per thread),
     * and the generator shares the machine's CPUs with the app. C1 alone compiles in a fraction of that and sent the
     * same requests for about 0.55x the generator CPU per request in 12 s and 22 s runs; in a 42 s run C2's faster
     * code pays back its compilation (56 vs 92 us per request), so longer plans keep the tiered JIT with Gatling's
     * recommended inlining. Figures: docs/performance.md, "fidelity of the forked Gatling runner".
     */
    static List<String> jitFlags(Plan plan) {
        long loadMillis = plan.runs().stream().mapToLong(r -> r.rampUpMs() + r.warmUpMs() + r.durationMs()).sum();
        return loadMillis <= SHORT_PLAN_MILLIS
                ? List.of("-XX:TieredStopAtLevel=1")
                : List.of("-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("java") || c.endsWith("java.exe"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
