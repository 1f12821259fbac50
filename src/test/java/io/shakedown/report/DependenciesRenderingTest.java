package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Services and jobs (report.dependencies) in every format: HTML (report and run page), Markdown, JUnit, JSON. */
class DependenciesRenderingTest {

    /** A run whose database was ready but whose migration job failed. */
    static Report failedJob() {
        var r = RenderersTest.failedCheck();
        var db = new Report.ServiceResult("db", "postgres:15-bookworm", StageStatus.PASSED, 2345L,
                List.of(new Report.StrategyOutcome("port", true, 12, "port 5432 listens on 0.0.0.0:5432")), null,
                new Report.ContainerLog(List.of("database system is ready to accept connections"), 1, false));
        var migrate = new Report.JobResult("migrate", "shop:1.0", StageStatus.FAILED, 3L, 412, "exited with code 3 after 412 ms",
                new Report.ContainerLog(List.of("applying V2__add_price", "ERROR: column \"prize\" does not exist"), 2, false));
        var deps = new Report.Dependencies(false, List.of(db), List.of(migrate), null);
        var stages = List.of(new Report.Stage("image", StageStatus.PASSED, 10, null),
                new Report.Stage("services", StageStatus.PASSED, 2400, "db ready in 2345 ms"),
                new Report.Stage("jobs", StageStatus.FAILED, 412, "job migrate exited with code 3"),
                new Report.Stage("cleanup", StageStatus.PASSED, 50, null));
        return new Report(r.reportVersion(), r.runId(), r.app(), r.environment(), Verdict.FAILED,
                "job migrate exited with code 3 after 412 ms: ERROR: column \"prize\" does not exist", null, r.startedAt(),
                r.finishedAt(), r.durationMs(), stages, null, null, null, null, null, null, null, null, null, null, null, deps);
    }

    @Test
    void everyFormatShowsTheServicesAndTheFailedJob() throws Exception {
        Report r = failedJob();
        ReportSchemas.assertEveryFormatValid(r);
        String html = new HtmlRenderer(null).render(r);
        ReportSchemas.assertSelfContainedHtml(html);
        ReportSchemas.assertEverySection(html, r);
        String section = html.substring(html.indexOf("id=\"dependencies\""), html.indexOf("id=\"checks\""));
        assertTrue(section.contains("service db") && section.contains("postgres:15-bookworm") && section.contains("2345 ms"), section);
        assertTrue(section.contains("job migrate") && section.contains("exit 3") && section.contains("ERROR: column &quot;prize&quot; does not exist")
                || section.contains("ERROR: column &#34;prize&#34; does not exist"), section);
        String md = new MarkdownRenderer(null).render(r);
        assertTrue(md.contains("### Services and jobs") && md.contains("| service db | postgres:15-bookworm |") && md.contains("exit 3, 412 ms"), md);
        String junit = new JUnitRenderer().render(r);
        assertTrue(junit.contains("name=\"service db\"") && junit.contains("name=\"job migrate\"") && junit.contains("applying V2__add_price"), junit);
        assertTrue(ReportFormat.JSON.render(r, null).contains("\"dependencies\""), "JSON carries it");
    }
}
