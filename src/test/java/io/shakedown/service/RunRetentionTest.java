package io.shakedown.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.store.RunRetention;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Submitted runs older than the report age (90 d) lose their report, spec copy and Gatling folder but keep their
 * summary row; older than the row age (400 d) they go; a pinned baseline's run keeps everything; a project's own ages win.
 */
@QuarkusTest
class RunRetentionTest {

    @Inject RetentionSchedule schedule;
    @Inject RunRetention retention;
    @Inject RunStore store;
    @Inject EntityManager em;

    UUID finished(String project, int daysAgo) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into validation_run (id, app, environment, status, spec_text, spec_format, target, summary, report, created_at, started_at, finished_at, project)
                values (:id, 'retained', 'ci', 'PASSED', 'app: retained', 'yaml', 'shop:1', 'ready in 5 ms',
                        cast('{"durationMs": 1234, "readiness": {"durationMs": 5}, "checks": [{"status": "PASSED"}, {"status": "FAILED"}]}' as jsonb),
                        now() - (:d * interval '1 day'), now() - (:d * interval '1 day'), now() - (:d * interval '1 day'), :project)""")
                .setParameter("id", id).setParameter("d", daysAgo).setParameter("project", project).executeUpdate());
        return id;
    }

    ValidationRun row(UUID id) {
        return store.find(id).orElse(null);
    }

    @Test
    void oldRunsLoseTheirReportThenTheirRowAndAPinnedBaselinesRunStays() throws Exception {
        UUID recent = finished("retention", 1);
        UUID old = finished("retention", 100);
        UUID ancient = finished("retention", 500);
        UUID pinned = finished("retention", 500);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into performance_baseline (id, app, environment, scenario, run_id, figures, recorded_at, pinned, project)
                values (:id, 'retained', 'ci', 'browse', :run, cast('{}' as jsonb), now() - interval '500 days', true, 'retention')""")
                .setParameter("id", UUID.randomUUID()).setParameter("run", pinned).executeUpdate());
        UUID gone = UUID.randomUUID(); // a monitor run deleted by monitor retention: its sample outlived it
        sample(ancient, false);
        sample(recent, false);
        sample(gone, false);
        var gatling = Files.createDirectories(schedule.outputOf(old).resolve("browse-1"));
        Files.writeString(gatling.resolve("index.html"), "<html>load report</html>");

        var pruned = schedule.prune();

        assertTrue(pruned.reportsDropped().contains(old));
        assertNotNull(row(recent).report, "a recent run keeps everything");
        var kept = row(old);
        assertNull(kept.report, "the full report goes");
        assertEquals("", kept.specText, "and the spec copy");
        assertEquals("PASSED", kept.status.name(), "the summary row stays");
        assertEquals("ready in 5 ms", kept.summary);
        assertNotNull(kept.finishedAt);
        assertEquals("{\"readyMs\": 5, \"requests\": 2, \"durationMs\": 1234, \"failedRequests\": 1}", QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select cast(figures as text) from validation_run where id = :id").setParameter("id", old).getSingleResult()), "its key figures stay");
        assertFalse(Files.exists(schedule.outputOf(old)), "its Gatling report goes with it");
        assertNull(row(ancient), "past the row age the row goes");
        assertTrue(pruned.rowsDeleted().contains(ancient));
        assertNotNull(row(pinned), "a pinned baseline's run stays");
        assertNotNull(row(pinned).report, "with its report");
        assertEquals(0L, samplesOf(ancient), "a deleted run's performance sample goes with it");
        assertEquals(0L, samplesOf(gone), "and one whose run went another way");
        assertEquals(1L, samplesOf(recent), "a kept run's sample stays");
        assertEquals(1L, samplesOf(pinned), "and so does a pin");
        assertTrue(pruned.samplesDeleted() >= 2);
    }

    void sample(UUID run, boolean pinned) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into performance_baseline (id, app, environment, scenario, run_id, figures, recorded_at, pinned, project)
                values (:id, 'retained', 'ci', 'browse', :run, cast('{}' as jsonb), now(), :pinned, 'retention')""")
                .setParameter("id", UUID.randomUUID()).setParameter("run", run).setParameter("pinned", pinned).executeUpdate());
    }

    long samplesOf(UUID run) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from performance_baseline where run_id = :run").setParameter("run", run).getSingleResult()).longValue());
    }

    @Test
    void aProjectsOwnAgesWin() {
        UUID shortLived = finished("short-lived", 3);
        UUID sameAgeElsewhere = finished("retention", 3);
        var defaults = new RunRetention.Ages(Duration.ofDays(90), Duration.ofDays(400));
        var pruned = retention.prune(defaults, Map.of("short-lived", new RunRetention.Ages(Duration.ofDays(1), Duration.ofDays(2))));
        assertTrue(pruned.rowsDeleted().contains(shortLived));
        assertNull(row(shortLived), "its project keeps rows 2 days");
        assertNotNull(row(sameAgeElsewhere).report, "the default keeps reports 90 days");
    }
}
