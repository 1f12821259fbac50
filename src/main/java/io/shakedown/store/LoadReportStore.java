package io.shakedown.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Gatling's HTML reports, one zip per run in {@code run_load_report}: the replica that ran the load stores the run's
 * output folder there, and any replica serves its files afterwards (a pod restart or another replica behind the
 * Service loses nothing). Retention drops an archive with its run's report; deleting the run deletes it.
 */
@ApplicationScoped
public class LoadReportStore {

    @Inject Sql sql;

    /** What was stored: file count, bytes before and after compression. */
    public record Stored(int files, long rawBytes, long storedBytes) {}

    /** Zips every file under {@code folder} (paths relative to it) and stores the archive for {@code run}. */
    @Transactional(TxType.REQUIRES_NEW)
    public Stored store(UUID run, Path folder) {
        var zipped = new ByteArrayOutputStream();
        int files = 0;
        long raw = 0;
        try (var zip = new ZipOutputStream(zipped); Stream<Path> all = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry(folder.relativize(p).toString().replace('\\', '/')));
                raw += Files.copy(p, zip);
                zip.closeEntry();
                files++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not pack the load report of run " + run + " from " + folder, e);
        }
        byte[] archive = zipped.toByteArray();
        sql.update("""
                insert into run_load_report (run_id, archive, files, raw_bytes, stored_at) values (?, ?, ?, ?, now())
                on conflict (run_id) do update set archive = excluded.archive, files = excluded.files,
                       raw_bytes = excluded.raw_bytes, stored_at = excluded.stored_at""", run, archive, files, raw);
        return new Stored(files, raw, archive.length);
    }

    /** The file at {@code path} (relative, as the report's htmlReport names it) of {@code run}'s stored report. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<byte[]> file(UUID run, String path) {
        Optional<byte[]> archive = sql.one("select archive from run_load_report where run_id = ?", rs -> rs.getBytes(1), run);
        if (archive.isEmpty()) return Optional.empty();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(archive.get()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(path)) return Optional.of(zip.readAllBytes());
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the stored load report of run " + run + " is not a readable zip", e);
        }
    }

    /** Whether {@code run} has a stored load report. */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean has(UUID run) {
        return sql.one("select 1 from run_load_report where run_id = ?", rs -> rs.getInt(1), run).isPresent();
    }

    /** The archives of runs whose report retention dropped. Returns how many went. */
    @Transactional(TxType.REQUIRES_NEW)
    public int dropOf(List<UUID> runs) {
        if (runs.isEmpty()) return 0;
        String ids = String.join(",", runs.stream().map(UUID::toString).toList());
        return sql.update("delete from run_load_report where cast(run_id as text) = any (string_to_array(?, ','))", ids);
    }
}
