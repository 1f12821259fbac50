package io.shakedown.ui;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.store.RunQueries;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.shakedown.run.RunEvent;
import io.shakedown.service.LoadReports;
import io.shakedown.service.RunReports;
import io.shakedown.service.RunStreams;
import io.shakedown.auth.Caller;
import io.shakedown.monitor.MonitorRow;
import io.shakedown.monitor.MonitorStore;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.ReportJson;
import io.shakedown.report.ReportView;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The runs list and one run's page, with what they link to: every report format to download, the Gatling report,
 * and the run's live events. A run of another project is "not found", exactly as in the API (the downloads and
 * events come from the same service-layer classes as the API's, with the session's project as the caller).
 */
@RolesAllowed(Roles.UI)
@Path("/runs")
@Produces(MediaType.TEXT_HTML)
public class RunsPage {
    static final int PAGE = 50;
    /** Live rows follow the run's events; a browser allows ~6 connections per site, so the rest poll. */
    static final int LIVE_STREAMS = 3;

    @Inject RunQueries queries;
    @Inject RunStore store;
    @Inject MonitorStore monitorStore;
    @Inject Caller caller;
    @Inject UiErrors errors;
    @Inject RunReports reports;
    @Inject LoadReports loadReports;
    @Inject RunStreams streams;
    @Inject @Location("ui/runs.html") Template runs;
    @Inject @Location("ui/run.html") Template run;
    @Inject @Location("ui/row.html") Template row;

    /** An option of the monitor select. */
    public record Choice(String id, String name, boolean selected) {}

    /** A row of the list; {@code stream}: it follows the run's events rather than polling. */
    public record Line(RunQueries.RunRow r, boolean stream) {}

    public record Filters(String app, String environment, String verdict, String from, String to, String monitor) {
        public String query() {
            var sb = new StringBuilder();
            add(sb, "monitor", monitor);
            add(sb, "app", app);
            add(sb, "environment", environment);
            add(sb, "verdict", verdict);
            add(sb, "from", from);
            add(sb, "to", to);
            return sb.toString();
        }

        private static void add(StringBuilder sb, String k, String v) {
            if (v != null && !v.isBlank()) sb.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
    }

    @GET
    public Response list(@RestQuery String app, @RestQuery String environment, @RestQuery String verdict, @RestQuery String from,
                         @RestQuery String to, @RestQuery String monitor, @RestQuery String before, @RestQuery String after) {
        var filters = new Filters(blank(app), blank(environment), blank(verdict), blank(from), blank(to), blank(monitor));
        // the caller's project's monitors (the select); a monitor of another project is "not found", as in the API
        List<MonitorRow> monitors = monitorStore.list(caller.project());
        UUID monitorId = null;
        if (filters.monitor() != null) {
            monitorId = uuid(filters.monitor());
            if (monitorId == null) return errors.badRequest("monitor: a monitor's id, got " + filters.monitor());
            UUID wanted = monitorId;
            if (monitors.stream().noneMatch(m -> m.id().equals(wanted)))
                return errors.notFound("No monitor " + filters.monitor() + " (or it belongs to another project).");
        }
        RunQueries.Filter filter;
        RunQueries.Page page;
        try {
            filter = new RunQueries.Filter(filters.app(), filters.environment(), status(filters.verdict()), day(filters.from(), "from", 0),
                    day(filters.to(), "to", 1), monitorId);
            page = queries.runs(filter, blank(before), blank(after), PAGE, caller.project());
        } catch (IllegalArgumentException e) { // the filters' and cursors' own messages, each naming its field
            return errors.badRequest(e.getMessage());
        }
        var lines = new ArrayList<Line>();
        int streams = 0;
        for (var r : page.rows()) {
            boolean stream = r.live() && streams < LIVE_STREAMS;
            if (stream) streams++;
            lines.add(new Line(r, stream));
        }
        return Response.ok(runs.data("page", page).data("lines", lines).data("f", filters)
                .data("statuses", RunStatus.values()).data("monitors", monitors.stream().map(m -> new Choice(m.id().toString(), m.name(), m.id().toString().equals(filters.monitor()))).toList())).build();
    }

    /** One row of the list (htmx swaps it in when a live run ends). */
    @GET
    @Path("{id}/row")
    public Response row(@RestPath String id) {
        UUID uuid = uuid(id);
        var r = uuid == null ? null : queries.row(uuid, caller.project());
        if (r == null) return errors.notFound("No run " + id + ".");
        return Response.ok(row.data("line", new Line(r, false))).build();
    }

    @GET
    @Path("{id}")
    public Response run(@RestPath String id, @RestQuery String q) {
        UUID uuid = uuid(id);
        Optional<ValidationRun> found = uuid == null ? Optional.empty() : store.find(uuid, caller.project());
        if (found.isEmpty()) return errors.notFound("No run " + id + " (or it belongs to another project).");
        ValidationRun r = found.get();
        TemplateInstance page = run.data("run", r).data("formats", ReportFormat.values());
        if (r.report == null) return Response.ok(page.data("r", null).data("links", null).data("previous", null)).build();
        Report report = ReportJson.read(r.report);
        ReportView view = ReportView.of(report);
        var previous = queries.runs(new RunQueries.Filter(r.app, r.environment, null, null, null), RunQueries.Cursor.of(r.createdAt, r.id), null, 1,
                caller.project()).rows().stream().findFirst().orElse(null);
        return Response.ok(page.data("r", view).data("links", LogSearch.links(r.id, view.log(), q)).data("previous", previous)).build();
    }

    /** Every report format as a file (rendered as the API renders it; the session's project is the caller). */
    @GET
    @Path("{id}/report.{format}")
    @Produces(MediaType.WILDCARD)
    public Response download(@RestPath String id, @RestPath String format, @Context UriInfo uri) {
        var f = ReportFormat.byId(format);
        if (f.isEmpty()) return errors.notFound("No report format " + format + "; one of " + ReportFormat.ids() + ".");
        ValidationRun run = visibleRun(id);
        if (run == null) return errors.notFound("No run " + id + ".");
        String page = uri.getBaseUriBuilder().path("runs").path(run.id.toString()).build().toString();
        var rendered = reports.render(run, f.get(), null, page);
        if (rendered.isEmpty()) return errors.notFound("Run " + id + " is " + run.status + " and has no report yet.");
        return Response.ok(rendered.get().text(), rendered.get().mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + f.get().fileName() + "\"").build();
    }

    /** Gatling's own report of the run's performance stage. */
    @GET
    @Path("{id}/performance/{file: .+}")
    @Produces(MediaType.WILDCARD)
    public Response gatlingReport(@RestPath String id, @RestPath String file) {
        ValidationRun run = visibleRun(id);
        if (run == null) return errors.notFound("No run " + id + ".");
        return loadReports.file(run.id, file).map(bytes -> Response.ok(bytes, LoadReports.contentType(file)).build())
                .orElseGet(() -> errors.notFound("No performance report file " + file + " for run " + id + "."));
    }

    /** The run's events as server-sent events (the API's stream, so the UI follows exactly what a pipeline sees). */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<OutboundSseEvent> events(@RestPath("id") UUID id, @Context Sse sse) {
        ValidationRun run = store.find(id, caller.project()).orElseThrow(() -> new NotFoundException("no validation run " + id));
        return streams.follow(run).map(e -> sse.newEventBuilder().name(e.type()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(RunEvent.class, e).build());
    }

    /** The run when {@code id} is one and the caller's project can see that run; else null ("not found"). */
    private ValidationRun visibleRun(String id) {
        UUID uuid = uuid(id);
        return uuid == null ? null : store.find(uuid, caller.project()).orElse(null);
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The verdict filter as a run status (any case), or null for none. */
    static String status(String verdict) {
        if (verdict == null) return null;
        String wanted = verdict.toUpperCase(Locale.ROOT);
        for (RunStatus s : RunStatus.values()) if (s.name().equals(wanted)) return s.name();
        throw new IllegalArgumentException("verdict: one of " + Arrays.toString(RunStatus.values()) + ", got " + verdict);
    }

    /** A yyyy-mm-dd day (UTC) or an instant; {@code plusDays} 1 makes "to" include that day. */
    static Instant day(String s, String field, int plusDays) {
        if (s == null) return null;
        try {
            return LocalDate.parse(s).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(field + ": a day as yyyy-mm-dd or an instant as 2026-01-02T03:04:05Z, got " + s);
            }
        }
    }

}
