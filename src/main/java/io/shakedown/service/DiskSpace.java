package io.shakedown.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.perf.PerfSettings;
import io.shakedown.report.NumberText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Free space of the disks a run needs: the Docker data root (pulled images, containers' layers; measured through the
 * engine, see {@link io.shakedown.target.EngineDisk}) and Shakedown's own work folder (Gatling output). Below
 * {@code shakedown.disk.min-free} new runs end ERROR at once, naming the disk and the figure, instead of failing
 * mid-pull; health says so (DOWN), and warns below {@code warn-free}. Measured at most every {@code check-every}.
 */
@ApplicationScoped
public class DiskSpace {
    private static final Logger LOG = Logger.getLogger(DiskSpace.class);

    public enum Level { OK, WARNING, LOW, UNKNOWN }

    /** One disk: {@code name} (docker-root, work-dir), where, how much is free, and how it was measured. */
    public record Disk(String name, String description, String path, long freeBytes, String how, Level level, String error) {
        String freeText() {
            return freeBytes < 0 ? "unknown" : NumberText.bytes(freeBytes);
        }
    }

    @Inject ValidationEngine engine;
    @Inject ShakedownConfig config;
    @Inject MeterRegistry registry;

    private volatile List<Disk> last = List.of();
    private volatile long measuredAt;

    void gauges(@Observes StartupEvent event) {
        for (String name : List.of("docker-root", "work-dir")) {
            Gauge.builder(RunMetrics.PREFIX + "disk.free.bytes", this, d -> d.freeOf(name)).baseUnit("bytes")
                    .description("Free space of the Docker data root and of Shakedown's work folder (-1: not measurable)")
                    .tag("disk", name).register(registry);
        }
    }

    private double freeOf(String name) {
        return disks().stream().filter(d -> d.name().equals(name)).mapToDouble(Disk::freeBytes).findFirst().orElse(-1);
    }

    /** The disks, measured at most every {@code shakedown.disk.check-every}. */
    public synchronized List<Disk> disks() {
        long now = System.nanoTime();
        if (last.isEmpty() || now - measuredAt > config.disk().checkEvery().toNanos()) {
            last = measure();
            measuredAt = now;
        }
        return last;
    }

    /** Why a new run may not start now (a disk below the minimum), naming the disk and the figure. */
    public Optional<String> refusal() {
        return refusal(true);
    }

    /** As {@link #refusal()}; {@code imageTarget} false (a URL target): the Docker data root does not matter. */
    public Optional<String> refusal(boolean imageTarget) {
        return disks().stream().filter(d -> d.level() == Level.LOW && (imageTarget || !d.name().equals("docker-root"))).findFirst().map(d -> d.description() + " " + d.path()
                + " has " + d.freeText() + " free, below shakedown.disk.min-free (" + NumberText.bytes(config.disk().minFree().asLongValue())
                + "): new runs are refused until space is freed (docker image prune, older reports, a larger disk)");
    }

    private List<Disk> measure() {
        var out = new ArrayList<Disk>();
        try {
            engine.dataRootFree().ifPresent(f -> out.add(disk("docker-root", "the Docker data root", f.path(), f.freeBytes(), f.how())));
        } catch (RuntimeException e) {
            out.add(new Disk("docker-root", "the Docker data root", "?", -1, null, Level.UNKNOWN, e.getMessage()));
        }
        Path work = config.perf().workDir().map(Path::of).orElse(PerfSettings.defaults().workDir()).toAbsolutePath();
        try {
            Path existing = work;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent(); // created at the first load run
            if (existing == null) throw new IOException("no part of " + work + " exists");
            out.add(disk("work-dir", "Shakedown's work folder", work.toString(), Files.getFileStore(existing).getUsableSpace(), "file system here"));
        } catch (IOException | SecurityException e) {
            out.add(new Disk("work-dir", "Shakedown's work folder", work.toString(), -1, null, Level.UNKNOWN, e.getMessage()));
        }
        out.stream().filter(d -> d.level() == Level.LOW).forEach(d -> LOG.warnf("%s %s: %s free, below shakedown.disk.min-free", d.description(), d.path(), d.freeText()));
        return List.copyOf(out);
    }

    private Disk disk(String name, String description, String path, long free, String how) {
        Level level = free < config.disk().minFree().asLongValue() ? Level.LOW
                : free < config.disk().warnFree().asLongValue() ? Level.WARNING : Level.OK;
        return new Disk(name, description, path, free, how, level, null);
    }
}
