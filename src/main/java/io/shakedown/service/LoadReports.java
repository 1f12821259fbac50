package io.shakedown.service;

import io.shakedown.perf.PerfSettings;
import io.shakedown.store.LoadReportStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.io.file.PathUtils;
import org.jboss.logging.Logger;

/**
 * Where a run's Gatling HTML report lives: written by the load runner under {@code shakedown.perf.work-dir/<run id>/}
 * on the replica that ran it, then stored compressed in PostgreSQL ({@link LoadReportStore}) and the local folder
 * deleted — so any replica serves it, a restart loses none, and the work folder does not grow. A report that could
 * not be stored stays in the folder and is served from there by that replica.
 */
@ApplicationScoped
public class LoadReports {
    private static final Logger LOG = Logger.getLogger(LoadReports.class);

    @Inject LoadReportStore store;
    @Inject ShakedownConfig config;

    public Path folderOf(UUID run) {
        return config.perf().workDir().map(Path::of).orElse(PerfSettings.defaults().workDir()).resolve(run.toString()).toAbsolutePath().normalize();
    }

    /** After a run with a performance stage: its Gatling output goes into the database. Never throws. */
    public void keep(UUID run) {
        Path folder = folderOf(run);
        if (!Files.isDirectory(folder)) return;
        try {
            var stored = store.store(run, folder);
            LOG.debugf("run %s: load report stored (%d files, %d bytes, %d compressed)", run, stored.files(), stored.rawBytes(), stored.storedBytes());
            deleteTree(folder);
        } catch (RuntimeException e) {
            LOG.warnf("run %s: could not store its load report (%s); this replica serves it from %s meanwhile", run, e.getMessage(), folder);
        }
    }

    /** A file of the run's report: the stored archive, else this replica's folder. Empty when neither has it. */
    public Optional<byte[]> file(UUID run, String path) {
        var stored = store.file(run, path);
        if (stored.isPresent()) return stored;
        Path root = folderOf(run);
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || !Files.isRegularFile(target)) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(target));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Retention: the reports of these runs go, stored and local. */
    public void forget(Collection<UUID> runs) {
        store.dropOf(java.util.List.copyOf(runs));
        runs.forEach(id -> deleteTree(folderOf(id)));
    }

    static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try {
            PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }

    /** The media type of a file of a Gatling report, by its name. */
    public static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html")) return "text/html; charset=utf-8";
        if (n.endsWith(".js")) return "text/javascript";
        if (n.endsWith(".css")) return "text/css";
        if (n.endsWith(".svg")) return "image/svg+xml";
        if (n.endsWith(".png")) return "image/png";
        if (n.endsWith(".ico")) return "image/x-icon";
        if (n.endsWith(".json")) return "application/json";
        return "application/octet-stream";
    }
}
