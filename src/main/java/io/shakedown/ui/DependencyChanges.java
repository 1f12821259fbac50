package io.shakedown.ui;

import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The compare page's services and jobs: each of either run side by side (image, status, ready in N ms or exit code),
 * and what changed between them — a newly failing or passing one, another image, a readiness much slower, a job's
 * other exit code, one run having it and the other not.
 */
public final class DependencyChanges {
    /** A readiness this much slower (and by at least {@link #SLOWER_BY_MS}) is called out: the noise of a busy host is less. */
    static final double SLOWER_FACTOR = 1.5;
    static final long SLOWER_BY_MS = 1000;

    private DependencyChanges() {}

    /**
     * One service or job in runs A and B; {@code a}/{@code b} say how it went ("PASSED · ready in 420 ms",
     * "FAILED · exit code 3 after 1200 ms", "—" when the run did not have it); {@code change} is "" when nothing did.
     */
    public record Row(String kind, String name, String imageA, String imageB, String a, String b, String change, boolean worse) {}

    /** The services first, then the jobs, each in B's order, then A's only ones; a race outcome that changed last. */
    static List<Row> of(Report a, Report b) {
        var out = new ArrayList<Row>();
        var servicesA = services(a);
        var servicesB = services(b);
        for (String name : names(servicesA, servicesB)) {
            var sa = servicesA.get(name);
            var sb = servicesB.get(name);
            out.add(row("service", name, sa == null ? null : sa.image(), sb == null ? null : sb.image(),
                    sa == null ? null : sa.status(), sb == null ? null : sb.status(), describe(sa), describe(sb), slower(sa, sb)));
        }
        var jobsA = jobs(a);
        var jobsB = jobs(b);
        for (String name : names(jobsA, jobsB)) {
            var ja = jobsA.get(name);
            var jb = jobsB.get(name);
            String exit = ja != null && jb != null && ja.exitCode() != null && jb.exitCode() != null && !ja.exitCode().equals(jb.exitCode())
                    ? "exit code " + ja.exitCode() + " → " + jb.exitCode() : null;
            out.add(row("job", name, ja == null ? null : ja.image(), jb == null ? null : jb.image(),
                    ja == null ? null : ja.status(), jb == null ? null : jb.status(), describe(ja), describe(jb), exit));
        }
        String raceA = raceOutcome(a), raceB = raceOutcome(b);
        if ((raceA != null || raceB != null) && !Objects.equals(raceA, raceB)) {
            out.add(new Row("race", "race mode", null, null, raceA == null ? "—" : raceA, raceB == null ? "—" : raceB, "race outcome changed", false));
        }
        return out;
    }

    private static Row row(String kind, String name, String imageA, String imageB, StageStatus statusA, StageStatus statusB,
                           String a, String b, String detail) {
        var changes = new ArrayList<String>();
        boolean worse = false;
        if (statusA == null) changes.add("only in B");
        else if (statusB == null) changes.add("only in A");
        else if (statusA == StageStatus.PASSED && statusB != StageStatus.PASSED) {
            changes.add("newly failing");
            worse = true;
        } else if (statusA != StageStatus.PASSED && statusB == StageStatus.PASSED) changes.add("newly passing");
        if (imageA != null && imageB != null && !imageA.equals(imageB)) changes.add("image changed");
        if (detail != null) {
            changes.add(detail);
            worse |= detail.startsWith("ready ");
        }
        return new Row(kind, name, imageA, imageB, a == null ? "—" : a, b == null ? "—" : b, String.join("; ", changes), worse);
    }

    /** "ready 3.1× slower (400 → 1240 ms)" when B's readiness is much slower than A's, else null. */
    static String slower(Report.ServiceResult a, Report.ServiceResult b) {
        if (a == null || b == null || a.readyMs() == null || b.readyMs() == null) return null;
        long ma = a.readyMs(), mb = b.readyMs();
        if (mb - ma < SLOWER_BY_MS || mb < ma * SLOWER_FACTOR) return null;
        return String.format(java.util.Locale.ROOT, "ready %.1f× slower (%d → %d ms)", ma == 0 ? mb : (double) mb / ma, ma, mb);
    }

    static String describe(Report.ServiceResult s) {
        if (s == null) return null;
        return s.status() + (s.readyMs() != null ? " · ready in " + s.readyMs() + " ms" : "") + (s.failure() == null ? "" : " · " + s.failure());
    }

    static String describe(Report.JobResult j) {
        if (j == null) return null;
        return j.status() + (j.exitCode() == null ? " · did not exit" : " · exit code " + j.exitCode()) + " after " + j.durationMs() + " ms";
    }

    private static <T> List<String> names(Map<String, T> a, Map<String, T> b) {
        var names = new LinkedHashSet<>(b.keySet());
        names.addAll(a.keySet());
        return List.copyOf(names);
    }

    private static Map<String, Report.ServiceResult> services(Report r) {
        var m = new LinkedHashMap<String, Report.ServiceResult>();
        if (r != null && r.dependencies() != null && r.dependencies().services() != null) r.dependencies().services().forEach(s -> m.put(s.name(), s));
        return m;
    }

    private static Map<String, Report.JobResult> jobs(Report r) {
        var m = new LinkedHashMap<String, Report.JobResult>();
        if (r != null && r.dependencies() != null && r.dependencies().jobs() != null) r.dependencies().jobs().forEach(j -> m.put(j.name(), j));
        return m;
    }

    private static String raceOutcome(Report r) {
        return r == null || r.dependencies() == null ? null : r.dependencies().raceOutcome();
    }
}
