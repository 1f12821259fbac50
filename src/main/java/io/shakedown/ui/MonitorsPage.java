package io.shakedown.ui;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.store.RunQueries;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.shakedown.auth.Caller;
import io.shakedown.monitor.MonitorRow;
import io.shakedown.monitor.MonitorService;
import io.shakedown.monitor.MonitorStore;
import io.shakedown.monitor.MonitorViews;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Monitors: each one's state, uptime and daily uptime bars over 30 days; one monitor's bars over 90 days, its
 * last screenshot (the browser stage's, of the staging URL's pages), incidents, recent runs and alerts; pause, resume and run now. Everything goes through the same monitor
 * service as the API, with the session's project as the caller, so another project's monitor is "not found".
 */
@RolesAllowed(Roles.UI)
@Path("/monitors")
@Produces(MediaType.TEXT_HTML)
public class MonitorsPage {
    @Inject MonitorService monitors;
    @Inject MonitorStore store;
    @Inject Caller caller;
    @Inject RunQueries queries;
    @Inject Visitor visitor;
    @Inject UiErrors errors;
    @Inject @Location("ui/monitors.html") Template list;
    @Inject @Location("ui/monitor.html") Template one;

    public record Line(MonitorViews.Monitor m, List<RunQueries.Day> days) {}

    @GET
    public Response list() {
        var items = monitors.list(caller.project());
        var days = queries.uptimeDays(items.stream().map(MonitorViews.Monitor::id).toList(), 30);
        return Response.ok(list.data("lines", items.stream().map(m -> new Line(m, days.get(m.id()))).toList())).build();
    }

    @GET
    @Path("{ref}")
    public Response show(@RestPath String ref) {
        return withMonitor(ref, m -> {
            MonitorViews.History h = monitors.history(m, 30);
            var days = queries.uptimeDays(List.of(h.monitor().id()), 90).get(h.monitor().id());
            return Response.ok(one.data("h", h).data("m", h.monitor()).data("days90", days)
                    .data("days30", days.subList(days.size() - 30, days.size())).data("alerts", monitors.alerts(m, 10))
                    .data("shot", monitors.lastScreenshot(m).orElse(null))).build();
        });
    }

    @POST
    @Path("{ref}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@RestPath String ref, @RestForm String csrf) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        return withMonitor(ref, m -> back(monitors.setPaused(m, true)));
    }

    @POST
    @Path("{ref}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@RestPath String ref, @RestForm String csrf) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        return withMonitor(ref, m -> back(monitors.setPaused(m, false)));
    }

    @POST
    @Path("{ref}/run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response runNow(@RestPath String ref, @RestForm String csrf) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        return withMonitor(ref, m -> monitors.runNow(m)
                .map(run -> Response.seeOther(UriBuilder.fromPath("/runs/{id}").build(run)).build())
                .orElseGet(() -> errors.problem(409, "the previous run of " + m.name() + " (" + m.lastRunId()
                        + ") is still going; a monitor never overlaps itself")));
    }

    private static Response back(MonitorViews.Monitor m) {
        return Response.seeOther(UriBuilder.fromPath("/monitors/{id}").build(m.id())).build();
    }

    /** The caller's monitor by id or name; another project's is "not found", as in the API. */
    private Response withMonitor(String ref, Function<MonitorRow, Response> page) {
        return store.resolve(ref, caller.project()).map(page)
                .orElseGet(() -> errors.notFound("No monitor " + ref + " (or it belongs to another project)."));
    }
}
