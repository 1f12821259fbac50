package io.shakedown.ui;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.store.RunQueries;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.shakedown.service.AppBaselines;
import io.shakedown.auth.Caller;
import io.shakedown.report.NumberText;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * An app over its recent runs: the verdicts, p95 and throughput per performance scenario against the baseline band,
 * each check's and flow step's stability, and the baselines to pin or unpin (through the API's baseline resource,
 * with the session's project as the caller).
 */
@RolesAllowed(Roles.UI)
@Path("/apps/{app}")
@Produces(MediaType.TEXT_HTML)
public class AppPage {
    static final int RUNS = 60;
    static final int SAMPLES = 15;

    @Inject RunQueries queries;
    @Inject Caller caller;
    @Inject Visitor visitor;
    @Inject UiErrors errors;
    @Inject AppBaselines baselines;
    @Inject ObjectMapper json;
    @Inject @Location("ui/app.html") Template page;

    public record Dot(String id, String status, String when) {}

    public record Item(String name, Stability mark, List<Dot> recent) {}

    /** One scenario's trend: uPlot's data as JSON (x, p95, throughput, baseline p95 per run, band low/high). */
    public record Trend(String name, String data, List<Row> rows, String band) {}

    public record Row(String id, String when, Object p95, Object throughput, Object baseP95) {}

    public record Perf(String name, Number p95, Number throughput, Number baseP95) {}

    @GET
    public Response show(@RestPath String app, @RestQuery String environment) {
        String env = RunsPage.blank(environment);
        var history = queries.history(app, env, RUNS, caller.project());
        if (history.isEmpty()) return errors.notFound("No runs of app " + app + (env == null ? "" : " in " + env) + ".");
        var oldestFirst = new ArrayList<>(history).reversed();
        var scenarios = baselines(app, env);
        var strip = oldestFirst.stream().map(h -> new Dot(h.id().toString(), h.status(), RunQueries.WHEN.format(h.createdAt()))).toList();
        return Response.ok(page.data("app", app).data("environment", env)
                .data("environments", queries.environments(app, caller.project()))
                .data("strip", strip).data("recent", history.stream().limit(10).toList())
                .data("items", items(history)).data("trends", trends(oldestFirst, bands(scenarios)))
                .data("baselines", scenarios)).build();
    }

    /**
     * Each environment + scenario's baseline: what a run would compare with now (the pin, or the median of the last
     * runs: the store decides, as for a run) and its newest samples to pick a pin from.
     */
    private List<AppBaselines.ScenarioBaseline> baselines(String app, String env) {
        return baselines.recent(caller.project(), app, env, SAMPLES);
    }

    @POST
    @Path("pin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pin(@RestPath String app, @RestForm String environment, @RestForm String scenario, @RestForm String runId,
                        @RestForm String csrf, @RestForm String back) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        UUID run = RunsPage.uuid(runId == null ? "" : runId);
        if (run == null) return errors.badRequest("runId: a run id (a UUID), got " + runId);
        if (!baselines.visible(caller.project(), app)) return errors.notFound("No app " + app + ".");
        if (!baselines.pin(caller.project(), app, environment, scenario, run)) return errors.notFound("Run " + runId + " recorded no figures for " + app + "/" + environment + "/" + scenario + ".");
        return backTo(app, back);
    }

    @POST
    @Path("unpin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unpin(@RestPath String app, @RestForm String environment, @RestForm String scenario, @RestForm String csrf,
                          @RestForm String back) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        if (!baselines.visible(caller.project(), app)) return errors.notFound("No app " + app + ".");
        baselines.unpin(caller.project(), app, environment, scenario);
        return backTo(app, back);
    }

    private static Response backTo(String app, String environment) {
        var uri = UriBuilder.fromPath("/apps/{app}");
        if (environment != null && !environment.isBlank()) uri.queryParam("environment", environment);
        return Response.seeOther(uri.build(app)).build();
    }

    /** Each check and flow step with its mark and its last outcomes (oldest first, at most 10). */
    private List<Item> items(List<RunQueries.HistoryRow> newestFirst) {
        var outcomes = new LinkedHashMap<String, List<Dot>>(); // newest first
        for (var h : newestFirst) {
            for (List<String> pair : read(h.itemsJson(), new TypeReference<List<List<String>>>() {})) {
                if (!Outcomes.counts(pair.get(1))) continue;
                outcomes.computeIfAbsent(pair.get(0), k -> new ArrayList<>())
                        .add(new Dot(h.id().toString(), pair.get(1), RunQueries.WHEN.format(h.createdAt())));
            }
        }
        var items = new ArrayList<Item>();
        outcomes.forEach((name, dots) -> {
            var mark = Stability.of(dots.stream().map(d -> Outcomes.failed(d.status())).toList());
            items.add(new Item(name, mark, dots.stream().limit(10).toList().reversed()));
        });
        items.sort((a, b) -> Integer.compare(a.mark().ordinal(), b.mark().ordinal()));
        return items;
    }

    /** The spread (min..max p95) of the runs the current baseline is made of, per scenario. */
    private static Map<String, double[]> bands(List<AppBaselines.ScenarioBaseline> scenarios) {
        var out = new LinkedHashMap<String, double[]>();
        for (var sb : scenarios) {
            if (sb.current() == null || sb.current().runIds() == null) continue;
            var p95s = sb.samples().stream().filter(s -> sb.current().runIds().contains(s.runId())).mapToDouble(s -> s.figures().p95()).toArray();
            if (p95s.length == 0 && sb.current().figures() != null) p95s = new double[] {sb.current().figures().p95()};
            if (p95s.length > 0) out.putIfAbsent(sb.scenario(), new double[] {Arrays.stream(p95s).min().orElseThrow(), Arrays.stream(p95s).max().orElseThrow()});
        }
        return out;
    }

    private List<Trend> trends(List<RunQueries.HistoryRow> oldestFirst, Map<String, double[]> bands) {
        var series = new LinkedHashMap<String, List<Object[]>>(); // scenario -> [x, p95, throughput, baseP95, id, when]
        for (var h : oldestFirst) {
            for (Perf p : read(h.perfJson(), new TypeReference<List<Perf>>() {})) {
                series.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(new Object[] {h.createdAt().getEpochSecond(), p.p95(), p.throughput(),
                        p.baseP95(), h.id().toString(), RunQueries.WHEN.format(h.createdAt())});
            }
        }
        var out = new ArrayList<Trend>();
        series.forEach((name, points) -> {
            double[] band = bands.get(name);
            var data = new ArrayList<List<Object>>();
            for (int col = 0; col < 4; col++) {
                var column = new ArrayList<Object>();
                for (Object[] p : points) column.add(p[col]);
                data.add(column);
            }
            var lo = new ArrayList<Object>();
            var hi = new ArrayList<Object>();
            for (Object[] ignored : points) {
                lo.add(band == null ? null : band[0]);
                hi.add(band == null ? null : band[1]);
            }
            data.add(lo);
            data.add(hi);
            var rows = points.reversed().stream().limit(10).map(p -> new Row((String) p[4], (String) p[5], p[1], p[2], p[3])).toList();
            String bandText = band == null ? null : NumberText.of(band[0], 1) + "–" + NumberText.of(band[1], 1) + " ms";
            out.add(new Trend(name, write(data), rows, bandText));
        });
        return out;
    }

    private <T> List<T> read(String text, TypeReference<List<T>> type) {
        if (text == null) return List.of();
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
