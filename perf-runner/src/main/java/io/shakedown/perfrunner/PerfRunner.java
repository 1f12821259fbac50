package io.shakedown.perfrunner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.Group;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.commons.stats.KO$;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.stats.ErrorStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import java.util.stream.Stream;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Forked by the Shakedown engine: {@code PerfRunner plan.json outDir}. Runs each load run of the plan
 * with Gatling (in this JVM, one after the other), reads the figures back with Gatling's own log
 * reader (simulation.log is binary in 3.15), and writes {@code outDir/stats.json} after every run so
 * a killed fork still leaves what it finished. Exit code: 0 all runs done, 1 a run crashed, 2 bad usage.
 */
public final class PerfRunner {
    private static volatile LoadPlan.Run current;
    /** When the current run's measured window opened (epoch ms): set by the simulation as its first user starts. */
    private static volatile long windowOpensAt = Long.MAX_VALUE;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The run the simulation builds itself from. */
    static LoadPlan.Run currentRun() {
        if (current == null) throw new IllegalStateException("PlanSimulation runs only under PerfRunner");
        return current;
    }

    static void windowOpensAt(long epochMillis) {
        windowOpensAt = epochMillis;
    }

    /**
     * Figures of one run's measured window (ramp-up and warm-up excluded). Times in ms. {@code generatorCpuMs}: CPU
     * this JVM used in the window, on {@code generatorCpus} CPUs it may run on; {@code machineBusyMs}: the whole
     * machine's busy CPU time in the window on {@code machineCpus} CPUs (-1: unknown).
     */
    public record RunStats(String id, String status, String failure, String reportDir,
                           long count, long errors, int min, int mean, int p50, int p75, int p95, int p99, int max,
                           double throughput, long windowMs, List<ErrorCount> errorMessages,
                           long generatorCpuMs, int generatorCpus, long machineBusyMs, int machineCpus) {
        RunStats(String id, String status, String failure, String reportDir, long count, long errors, int min, int mean,
                 int p50, int p75, int p95, int p99, int max, double throughput, long windowMs, List<ErrorCount> errorMessages) {
            this(id, status, failure, reportDir, count, errors, min, mean, p50, p75, p95, p99, max, throughput, windowMs,
                    errorMessages, -1, 0, -1, 0);
        }

        RunStats withCpu(CpuSampler.Usage u) {
            return new RunStats(id, status, failure, reportDir, count, errors, min, mean, p50, p75, p95, p99, max, throughput,
                    windowMs, errorMessages, u.generatorCpuMs(), u.generatorCpus(), u.machineBusyMs(), u.machineCpus());
        }
    }

    public record ErrorCount(String message, int count) {}

    public record Stats(String gatlingVersion, List<RunStats> runs) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PerfRunner plan.json outDir");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        phoneHomeOff(out);
        LoadPlan plan = JSON.readValue(Path.of(args[0]).toFile(), LoadPlan.class);
        var results = new ArrayList<RunStats>();
        int exit = 0;
        for (LoadPlan.Run run : plan.runs()) {
            RunStats stats;
            try {
                stats = runOne(run, out);
            } catch (Exception | AssertionError e) { // Scala code throws checked exceptions undeclared
                e.printStackTrace();
                stats = crashed(run.id(), e.toString());
            }
            if (!"ok".equals(stats.status())) exit = 1;
            results.add(stats);
            JSON.writeValue(out.resolve("stats.json").toFile(), new Stats(gatlingVersion(), results));
            System.out.println("shakedown-perf: run " + run.id() + " " + stats.status() + " count=" + stats.count()
                    + " p95=" + stats.p95() + "ms throughput=" + String.format("%.1f", stats.throughput()) + "/s");
        }
        System.exit(exit);
    }

    /**
     * Gatling 3.15 phones home unless told not to: analytics after the run, a warm-up request to
     * gatling.io, and a check of Maven Central for a newer release (GatlingVersion.LatestRelease, read
     * by the run and the HTML report). Analytics and warm-up are off here and in gatling.conf (the
     * simulation also calls disableWarmUp()). The release check has no switch: it is skipped while
     * java.util.prefs holds a "recent" check, so the runner points the prefs at a private folder and
     * records a failed check there. Its timestamp lies far in the future on purpose: Gatling 3.15.1
     * compares a millisecond age with a max age of 3600 (a failed check "expires" after 3.6 s, a
     * successful one after 86 s), so a check dated now would be redone during a longer run — seen as
     * a DNS query with strace. bench/perf-no-phone-home.sh proves the result with strace in a network
     * namespace that has nothing but loopback.
     */
    static void phoneHomeOff(Path out) {
        System.setProperty("gatling.data.enableAnalytics", "false");
        System.setProperty("gatling.http.warmUpUrl", "");
        System.setProperty("java.util.prefs.userRoot", out.resolve(".java-prefs").toAbsolutePath().toString());
        try {
            Preferences prefs = Preferences.userRoot().node("/io/gatling/latestVersion");
            prefs.putLong("lastCheckTimestamp", System.currentTimeMillis() + 100L * 365 * 24 * 3600 * 1000);
            prefs.putBoolean("lastCheckSuccess", false);
            prefs.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("cannot record Gatling's release check as done; refusing to run: " + e, e);
        }
    }

    private static RunStats runOne(LoadPlan.Run run, Path out) throws IOException {
        current = run;
        Path resultsDir = out.resolve(run.id());
        Files.createDirectories(resultsDir);
        var args = new ArrayList<>(List.of(
                "-s", PlanSimulation.class.getName(),
                "-rf", resultsDir.toString(),
                // -rd is Base64-decoded when it decodes: always encode it.
                "-rd", Base64.getEncoder().encodeToString(("shakedown " + run.id()).getBytes(StandardCharsets.UTF_8))));
        if (!run.htmlReport()) args.add("-nr");
        windowOpensAt = Long.MAX_VALUE;
        int code;
        var sampler = new CpuSampler();
        try {
            code = io.gatling.app.Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
        } finally {
            sampler.close();
        }
        CpuSampler.Usage cpu = sampler.usage(windowOpensAt, run.durationMs());
        Path runFolder;
        try (Stream<Path> s = Files.list(resultsDir)) {
            runFolder = s.filter(Files::isDirectory).findFirst().orElse(null);
        }
        if (runFolder == null || !Files.exists(runFolder.resolve("simulation.log"))) {
            return crashed(run.id(), "Gatling exited with " + code + " and wrote no simulation.log");
        }
        var config = GatlingConfiguration.load();
        LogFileData data = LogFileReader.apply(runFolder.getFileName().toString(), resultsDir, config).read();
        // Each execution of the "measure" group holds exactly one request, so the group's cumulated
        // response time is that request's response time, and a failed group is a failed request.
        Group group = new Group(CollectionConverters.asScala(List.of(PlanSimulation.MEASURE)).toList());
        Option<Group> measure = Option.apply(group);
        Option<GeneralStats> all = data.groupCumulatedResponseTimeGeneralStats(group, Option.empty());
        Option<GeneralStats> ko = data.groupCumulatedResponseTimeGeneralStats(group, Option.apply(KO$.MODULE$));
        String reportDir = Files.exists(runFolder.resolve("index.html")) ? out.relativize(runFolder).toString() : null;
        if (all.isEmpty() || all.get().count() == 0) {
            return new RunStats(run.id(), "ok", "no request was measured", reportDir,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, run.durationMs(), List.of()).withCpu(cpu);
        }
        GeneralStats g = all.get();
        long errors = ko.isEmpty() ? 0 : ko.get().count();
        var messages = new ArrayList<ErrorCount>();
        for (ErrorStats e : CollectionConverters.asJava(data.errors(Option.empty(), measure))) {
            if (messages.size() < 10) messages.add(new ErrorCount(e.message(), e.count()));
        }
        // Gatling's meanRequestsPerSec averages one-second buckets and reads low; the measured window is exact.
        double throughput = g.count() * 1000.0 / run.durationMs();
        return new RunStats(run.id(), "ok", null, reportDir, g.count(), errors,
                g.min(), g.mean(), pct(g, 50), pct(g, 75), pct(g, 95), pct(g, 99), g.max(),
                throughput, run.durationMs(), messages).withCpu(cpu);
    }

    private static int pct(GeneralStats g, double p) {
        return ((Number) g.percentile().apply(p)).intValue();
    }

    private static RunStats crashed(String id, String why) {
        return new RunStats(id, "crashed", why, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    private static String gatlingVersion() {
        String v = io.gatling.app.Gatling.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
