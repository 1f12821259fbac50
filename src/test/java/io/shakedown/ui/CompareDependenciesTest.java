package io.shakedown.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shakedown.api.ApiAuth;
import io.shakedown.report.Report;
import io.shakedown.report.ReportJson;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.store.RunStatus;
import io.shakedown.store.ValidationRun;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The compare page shows the runs' services and jobs side by side — image, ready in N ms, exit code — and what changed:
 * here the database's image was bumped, it became ready much later, and the migration job that exited 0 now exits 3.
 */
@QuarkusTest
class CompareDependenciesTest {

    static Report withDependencies(Verdict verdict, String dbImage, long readyMs, long jobExit, String cacheImage) {
        var db = new Report.ServiceResult("db", dbImage, StageStatus.PASSED, readyMs, List.of(new Report.StrategyOutcome("port", true, 3, "listening")), null, null);
        var services = cacheImage == null ? List.of(db)
                : List.of(db, new Report.ServiceResult("cache", cacheImage, StageStatus.PASSED, 90L, List.of(), null, null));
        var job = new Report.JobResult("migrate", "shop:1.4", jobExit == 0 ? StageStatus.PASSED : StageStatus.FAILED, jobExit, 1200,
                jobExit == 0 ? null : "exited with code " + jobExit + " after 1200 ms", new Report.ContainerLog(List.of("applying V2"), 1, false));
        return new Report(1, UUID.randomUUID().toString(), "shop", "ci", verdict, "s", null, null, null, 0, List.of(), null, List.of(), null, null, null,
                null, null, null, null, null, null, new Report.Dependencies(false, services, List.of(job), null), null);
    }

    @Test
    void whatChangedBetweenTheRunsServicesAndJobs() {
        var rows = DependencyChanges.of(withDependencies(Verdict.PASSED, "postgres:15-bookworm", 400, 0, "redis:7"),
                withDependencies(Verdict.FAILED, "postgres:16-bookworm", 2400, 3, null));
        assertEquals(List.of("service db", "service cache", "job migrate"), rows.stream().map(r -> r.kind() + " " + r.name()).toList());
        assertEquals("image changed; ready 6.0× slower (400 → 2400 ms)", rows.get(0).change());
        assertEquals("PASSED · ready in 2400 ms", rows.get(0).b());
        assertEquals("only in A", rows.get(1).change());
        assertEquals("—", rows.get(1).b());
        assertEquals("newly failing; exit code 0 → 3", rows.get(2).change());
        assertEquals("FAILED · exit code 3 after 1200 ms", rows.get(2).b());
        var same = DependencyChanges.of(withDependencies(Verdict.PASSED, "postgres:15-bookworm", 400, 0, null),
                withDependencies(Verdict.PASSED, "postgres:15-bookworm", 900, 0, null));
        assertEquals(List.of("", ""), same.stream().map(DependencyChanges.Row::change).toList(), "half a second of noise is no change");
        assertEquals(List.of(), DependencyChanges.of(null, null), "runs without services or jobs: no section");
    }

    @Test
    void theComparePageShowsThem() {
        RestAssured.requestSpecification = null;
        String token = ApiAuth.newToken("ui-compare-deps");
        UUID a = stored(withDependencies(Verdict.PASSED, "postgres:15-bookworm", 400, 0, null));
        UUID b = stored(withDependencies(Verdict.FAILED, "postgres:16-bookworm", 2400, 3, null));
        String cookie = UiSignInTest.signIn(token, "/runs");
        given().cookie(Sessions.COOKIE, cookie).get("/compare?a=" + a + "&b=" + b).then().statusCode(200)
                .body(containsString("id=\"compare-dependencies\""), containsString("postgres:16-bookworm"),
                        containsString("PASSED · ready in 400 ms"), containsString("image changed; ready 6.0× slower (400 → 2400 ms)"),
                        containsString("FAILED · exit code 3 after 1200 ms"), containsString("newly failing; exit code 0 → 3"));
    }

    /** A finished run of the project as the dispatcher stores it: its report as JSON. */
    static UUID stored(Report report) {
        var run = new ValidationRun();
        run.id = UUID.randomUUID();
        run.project = "ui-compare-deps";
        run.app = "shop";
        run.environment = "ci";
        run.target = "shop:1.4";
        run.specText = "app: shop\n";
        run.specFormat = "yaml";
        run.status = RunStatus.valueOf(report.verdict().name());
        run.summary = report.summary();
        run.report = ReportJson.write(report);
        run.createdAt = Instant.now();
        run.finishedAt = Instant.now();
        QuarkusTransaction.requiringNew().run(run::persist);
        return run.id;
    }
}
