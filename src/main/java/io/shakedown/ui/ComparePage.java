package io.shakedown.ui;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.store.RunQueries;
import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.shakedown.auth.Caller;
import io.shakedown.report.NumberText;
import io.shakedown.report.Report;
import io.shakedown.report.ReportJson;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Two runs side by side (A the older or reference, B the one under review): checks, flow steps and contract
 * operations newly failing or passing, the services and jobs ({@link DependencyChanges}), findings added and removed,
 * performance deltas, and a diff of the two specs.
 */
@RolesAllowed(Roles.UI)
@Path("/compare")
@Produces(MediaType.TEXT_HTML)
public class ComparePage {
    @Inject RunStore store;
    @Inject Caller caller;
    @Inject UiErrors errors;
    @Inject @Location("ui/compare.html") Template page;

    /** {@code change}: newly failing, newly passing, only in A, only in B, or "" when both agree. */
    public record ItemChange(String name, String a, String b, String change, String css) {}

    public record FindingChange(String ruleId, String title, String change) {}

    public record PerfDelta(String scenario, String metric, String a, String b, String delta, boolean worse) {}

    public record SpecLine(String a, String b, String tag) {}

    @GET
    public Response compare(@RestQuery String a, @RestQuery String b) {
        for (var q : new String[][] {{"a", a}, {"b", b}}) {
            if (q[1] == null || RunsPage.uuid(q[1].trim()) == null)
                return errors.badRequest(q[0] + ": a run's id (compare takes ?a=<run id>&b=<run id>), got " + (q[1] == null ? "nothing" : q[1]));
        }
        Optional<ValidationRun> ra = load(a), rb = load(b);
        if (ra.isEmpty() || rb.isEmpty()) {
            return errors.notFound("Compare needs two runs you can see: ?a=<run id>&b=<run id> (" + (ra.isEmpty() ? "a" : "b") + " not found).");
        }
        Report pa = ra.get().report == null ? null : ReportJson.read(ra.get().report);
        Report pb = rb.get().report == null ? null : ReportJson.read(rb.get().report);
        var items = items(outcomes(pa), outcomes(pb));
        return Response.ok(page.data("a", ra.get()).data("b", rb.get())
                .data("aWhen", RunQueries.WHEN.format(ra.get().createdAt)).data("bWhen", RunQueries.WHEN.format(rb.get().createdAt))
                .data("changed", items.stream().filter(i -> !i.change().isEmpty()).toList())
                .data("items", items)
                .data("dependencies", DependencyChanges.of(pa, pb))
                .data("findings", findings(pa, pb))
                .data("perf", perf(pa, pb))
                .data("spec", spec(ra.get().specText, rb.get().specText))).build();
    }

    private Optional<ValidationRun> load(String id) {
        return store.find(RunsPage.uuid(id.trim()), caller.project());
    }

    /**
     * The checks and flow steps ({@link Outcomes}), and each documented operation the contract stage exercised
     * ("contract GET /items/{id}": FAILED when any exchange of it failed the contract), so a drift or a 5xx shows as
     * newly failing.
     */
    static Map<String, String> outcomes(Report r) {
        var out = Outcomes.of(r);
        if (r == null || r.contract() == null) return out;
        for (var op : r.contract().operations()) {
            String name = "contract " + op.method() + " " + op.path();
            if (!"FAILED".equals(out.get(name))) out.put(name, String.valueOf(op.status()));
        }
        return out;
    }

    static List<ItemChange> items(Map<String, String> a, Map<String, String> b) {
        var names = new LinkedHashSet<String>(b.keySet());
        names.addAll(a.keySet());
        var out = new ArrayList<ItemChange>();
        for (String n : names) {
            String sa = a.get(n), sb = b.get(n);
            String change;
            if (sa == null) change = "only in B";
            else if (sb == null) change = "only in A";
            else if (!Outcomes.failed(sa) && Outcomes.failed(sb)) change = "newly failing";
            else if (Outcomes.failed(sa) && !Outcomes.failed(sb)) change = "newly passing";
            else change = "";
            String css = switch (change) {
                case "newly failing" -> "mark-new";
                case "newly passing" -> "mark-stable";
                default -> "";
            };
            out.add(new ItemChange(n, sa == null ? "—" : sa, sb == null ? "—" : sb, change, css));
        }
        out.sort((x, y) -> Integer.compare(rank(x.change()), rank(y.change())));
        return out;
    }

    private static int rank(String change) {
        return switch (change) {
            case "newly failing" -> 0;
            case "newly passing" -> 1;
            case "" -> 3;
            default -> 2;
        };
    }

    static List<FindingChange> findings(Report a, Report b) {
        var fa = byRule(a);
        var fb = byRule(b);
        var out = new ArrayList<FindingChange>();
        fb.forEach((id, f) -> { if (!fa.containsKey(id)) out.add(new FindingChange(id, f.title(), "added")); });
        fa.forEach((id, f) -> { if (!fb.containsKey(id)) out.add(new FindingChange(id, f.title(), "removed")); });
        fb.forEach((id, f) -> { if (fa.containsKey(id)) out.add(new FindingChange(id, f.title(), "in both")); });
        return out;
    }

    private static Map<String, Report.Finding> byRule(Report r) {
        var m = new LinkedHashMap<String, Report.Finding>();
        if (r != null && r.findings() != null) r.findings().stream().filter(f -> !f.waived()).forEach(f -> m.putIfAbsent(f.ruleId(), f));
        return m;
    }

    static List<PerfDelta> perf(Report a, Report b) {
        var sa = scenarios(a);
        var out = new ArrayList<PerfDelta>();
        scenarios(b).forEach((name, fb) -> {
            Report.PerfFigures fa = sa.get(name);
            if (fa == null) return;
            add(out, name, "p50 ms", fa, fb, Report.PerfFigures::p50, true);
            add(out, name, "p95 ms", fa, fb, Report.PerfFigures::p95, true);
            add(out, name, "p99 ms", fa, fb, Report.PerfFigures::p99, true);
            add(out, name, "throughput req/s", fa, fb, Report.PerfFigures::throughput, false);
            add(out, name, "error rate %", fa, fb, f -> 100 * f.errorRate(), true);
        });
        return out;
    }

    private static void add(List<PerfDelta> out, String scenario, String metric, Report.PerfFigures a, Report.PerfFigures b,
                            ToDoubleFunction<Report.PerfFigures> get, boolean higherIsWorse) {
        double va = get.applyAsDouble(a), vb = get.applyAsDouble(b);
        String delta = va == 0 ? (vb == 0 ? "±0%" : "new") : String.format(Locale.ROOT, "%+.0f%%", 100 * (vb - va) / va);
        boolean worse = higherIsWorse ? vb > va * 1.1 : vb < va * 0.9;
        out.add(new PerfDelta(scenario, metric, NumberText.of(va, 2), NumberText.of(vb, 2), delta, worse));
    }

    private static Map<String, Report.PerfFigures> scenarios(Report r) {
        var m = new LinkedHashMap<String, Report.PerfFigures>();
        if (r != null && r.performance() != null && r.performance().scenarios() != null) {
            r.performance().scenarios().stream().filter(s -> s.figures() != null).forEach(s -> m.put(s.name(), s.figures()));
        }
        return m;
    }

    /** The two specs line by line (java-diff-utils), equal lines included so each change reads in context. */
    static List<SpecLine> spec(String a, String b) {
        var generator = DiffRowGenerator.create().showInlineDiffs(false).ignoreWhiteSpaces(false).lineNormalizer(line -> line).build();
        List<DiffRow> rows = generator.generateDiffRows(lines(a), lines(b));
        return rows.stream().map(r -> new SpecLine(r.getOldLine(), r.getNewLine(), r.getTag().name().toLowerCase(Locale.ROOT))).toList();
    }

    private static List<String> lines(String s) {
        return s == null ? List.of() : s.lines().toList();
    }
}
