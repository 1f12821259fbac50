package io.shakedown.perf;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.shakedown.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one-shot command's baseline store: a JSON file (default shakedown-baselines.json), meant to be
 * kept between CI runs (a cache or an artifact). Holds the figures of passing runs and, optionally, a
 * pinned run per app + environment + scenario (set by editing the file: "pinned": true).
 */
public final class FileBaselineStore implements BaselineStore {
    static final int KEEP_PER_SCENARIO = 50;

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Entry(String app, String environment, String scenario, String runId, Instant recordedAt,
                        Report.PerfFigures figures, boolean pinned) {}

    public record Contents(int version, List<Entry> entries) {}

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public FileBaselineStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized List<Sample> baselineSamples(String runId, String app, String environment, String scenario, int lastN) {
        List<Entry> mine = read().stream().filter(e -> matches(e, app, environment, scenario)).toList();
        var pinned = mine.stream().filter(Entry::pinned).reduce((a, b) -> b);
        if (pinned.isPresent()) return List.of(new Sample(pinned.get().runId(), pinned.get().figures(), true));
        return mine.stream().sorted(Comparator.comparing(Entry::recordedAt).reversed()).limit(lastN)
                .map(e -> new Sample(e.runId(), e.figures(), false)).toList();
    }

    @Override
    public synchronized void record(String app, String environment, String scenario, String runId, Report.PerfFigures figures) {
        var entries = new ArrayList<>(read());
        entries.add(new Entry(app, environment, scenario, runId, Instant.now(), figures, false));
        // Keep the file small: the newest unpinned entries per scenario, and every pinned one.
        var mine = entries.stream().filter(e -> matches(e, app, environment, scenario) && !e.pinned())
                .sorted(Comparator.comparing(Entry::recordedAt).reversed()).skip(KEEP_PER_SCENARIO).toList();
        entries.removeAll(mine);
        write(entries);
    }

    private static boolean matches(Entry e, String app, String environment, String scenario) {
        return app.equals(e.app()) && environment.equals(e.environment()) && scenario.equals(e.scenario());
    }

    private List<Entry> read() {
        if (!Files.exists(file)) return List.of();
        try {
            Contents c = JSON.readValue(file.toFile(), Contents.class);
            return c.entries() == null ? List.of() : c.entries();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the baseline file " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<Entry> entries) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".baselines", ".tmp");
            JSON.writeValue(tmp.toFile(), new Contents(1, entries));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the baseline file " + file + ": " + e.getMessage(), e);
        }
    }
}
