package io.shakedown.perfrunner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CPUs did while the load ran: this JVM's own CPU time (the load generator) and, on Linux, the whole
 * machine's busy time from /proc/stat, sampled every 100 ms so the measured window (ramp-up and warm-up excluded)
 * can be cut out afterwards. A generator that used (nearly) all the CPU it may use, or a machine whose CPUs were all
 * busy, set the pace itself: the throughput measured is then a lower bound of what the app can serve.
 */
final class CpuSampler {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on every Linux the JDK runs on

    /** One sample: wall clock, this process's CPU time, the machine's busy time (-1: not known), all in ns but the clock. */
    record Sample(long epochMillis, long processCpuNanos, long machineBusyNanos) {}

    /** CPU use over a window: {@code machineBusyMs} is -1 where the machine's figures are not readable. */
    record Usage(long generatorCpuMs, int generatorCpus, long machineBusyMs, int machineCpus) {}

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    CpuSampler() {
        sample();
        thread = Thread.ofPlatform().daemon().name("shakedown-cpu-sampler").start(() -> {
            while (running) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        });
    }

    private void sample() {
        var s = new Sample(System.currentTimeMillis(), os.getProcessCpuTime(), machineBusyNanos());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** user + nice + system + irq + softirq + steal of the "cpu" line, in ns; -1 where /proc/stat is not there. */
    static long machineBusyNanos() {
        try {
            String first = Files.readAllLines(PROC_STAT).getFirst();
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) if (i < f.length) busy += Long.parseLong(f[i]);
            return busy * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU used from {@code fromMillis} for {@code durationMs}, interpolated between the samples around both ends. */
    Usage usage(long fromMillis, long durationMs) {
        List<Sample> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        int machineCpus = Runtime.getRuntime().availableProcessors();
        try {
            machineCpus = (int) Files.readAllLines(PROC_STAT).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
        } catch (IOException | RuntimeException ignored) {
            // availableProcessors, then
        }
        if (copy.size() < 2 || fromMillis == Long.MAX_VALUE) return new Usage(-1, Runtime.getRuntime().availableProcessors(), -1, machineCpus);
        Sample a = at(copy, fromMillis), b = at(copy, fromMillis + durationMs);
        long machine = a.machineBusyNanos() < 0 || b.machineBusyNanos() < 0 ? -1 : (b.machineBusyNanos() - a.machineBusyNanos()) / 1_000_000;
        return new Usage((b.processCpuNanos() - a.processCpuNanos()) / 1_000_000, Runtime.getRuntime().availableProcessors(),
                machine, machineCpus);
    }

    /** The counters at {@code millis}, interpolated linearly between the two samples around it (clamped to the ends). */
    private static Sample at(List<Sample> s, long millis) {
        if (millis <= s.getFirst().epochMillis()) return s.getFirst();
        for (int i = 1; i < s.size(); i++) {
            Sample lo = s.get(i - 1), hi = s.get(i);
            if (millis <= hi.epochMillis()) {
                double f = hi.epochMillis() == lo.epochMillis() ? 1 : (double) (millis - lo.epochMillis()) / (hi.epochMillis() - lo.epochMillis());
                return new Sample(millis, lo.processCpuNanos() + Math.round(f * (hi.processCpuNanos() - lo.processCpuNanos())),
                        lo.machineBusyNanos() < 0 ? -1 : lo.machineBusyNanos() + Math.round(f * (hi.machineBusyNanos() - lo.machineBusyNanos())));
            }
        }
        return s.getLast();
    }

    /** Stops sampling, with one last sample. */
    void close() {
        running = false;
        thread.interrupt();
        sample();
    }
}
