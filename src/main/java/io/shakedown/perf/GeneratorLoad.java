package io.shakedown.perf;

import io.shakedown.report.Report;
import java.util.List;
import java.util.Locale;

/**
 * Whether the load generator, not the app, set the pace of a scenario: from the CPU the runner measured in each
 * candidate run's window (its own, and the whole machine's). Gatling needs CPU per request like the app does; on a
 * sub-millisecond endpoint it saturates first, and the throughput it reaches is then its own limit, not the app's.
 */
final class GeneratorLoad {
    /**
     * Of the CPUs the generator may use: at or above this it could not send faster. k6's guidance for its own load
     * generators ("at least 20 % idle cycles, up to 80 % used") and hosted load tools that flag an engine over 80 % CPU as
     * unhealthy agree: past it the scheduler, not the app, paces a generator's many threads (a Gatling runner pinned to
     * one CPU against an endpoint far cheaper than itself measured 0.83 of it: the limit, yet under the former 0.85).
     */
    static final double GENERATOR_SATURATED = 0.80;
    /** Of the machine's CPUs: above this the app did not have the CPU it would have had alone (they share a machine). */
    static final double MACHINE_SATURATED = 0.90;
    /** An open model whose throughput reached this share of the rate asked kept up: its throughput is the load, not a capacity. */
    static final double RATE_REACHED = 0.95;

    private GeneratorLoad() {}

    /**
     * {@code openRate}: the requests per second an open model asked for (null for a closed model, whose users send as
     * fast as they are answered). Null when the runner measured no CPU (an older runner, or no run finished).
     */
    static Report.PerfGenerator of(List<PerfFork.RunStats> candidateRuns, Double openRate) {
        long window = 0, generator = 0, machine = 0, requests = 0;
        int generatorCpus = 0, machineCpus = 0;
        boolean machineKnown = true;
        for (var r : candidateRuns) {
            if (r.generatorCpuMs() < 0 || r.generatorCpus() <= 0 || r.windowMs() <= 0) continue;
            window += r.windowMs();
            generator += r.generatorCpuMs();
            requests += r.count();
            generatorCpus = r.generatorCpus();
            machineCpus = r.machineCpus();
            if (r.machineBusyMs() < 0 || r.machineCpus() <= 0) machineKnown = false;
            else machine += r.machineBusyMs();
        }
        if (window == 0) return null;
        double cores = (double) generator / window;
        double share = cores / generatorCpus;
        Double machineBusy = machineKnown ? Math.min(1.0, (double) machine / ((double) window * machineCpus)) : null;
        boolean keptUp = openRate != null && requests * 1000.0 / window >= RATE_REACHED * openRate;
        String note = null;
        if (keptUp) {
            note = null; // the app served the rate asked: nothing to bound
        } else if (share >= GENERATOR_SATURATED) {
            note = "the load generator used " + percent(share) + " of the " + cpus(generatorCpus) + " it may run on: it, not the app,"
                    + " set the pace, so the throughput is a lower bound of what the app serves (give the generator more CPUs:"
                    + " shakedown.perf.generator-cpus / SHAKEDOWN_PERF_CPUS, or another machine)";
        } else if (machineBusy != null && machineBusy >= MACHINE_SATURATED) {
            note = "the machine's " + cpus(machineCpus) + " were " + percent(machineBusy) + " busy (the load generator's share: "
                    + String.format(Locale.ROOT, "%.1f", cores) + " CPU): the app had less CPU than it would have alone, so the"
                    + " throughput is a lower bound of what it serves (run the generator on other CPUs, shakedown.perf.generator-cpus,"
                    + " or another machine, and keep other work off it)";
        }
        return new Report.PerfGenerator(round2(cores), generatorCpus, machineBusy == null ? null : round2(machineBusy), machineCpus,
                note != null, note);
    }

    private static String percent(double fraction) {
        return Math.round(100 * fraction) + " %";
    }

    private static String cpus(int n) {
        return n + (n == 1 ? " CPU" : " CPUs");
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
