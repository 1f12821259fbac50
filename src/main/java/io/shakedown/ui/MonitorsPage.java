package io.shakedown.ui;

import io.shakedown.store.RunQueries;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.shakedown.api.MonitorResource;
import io.shakedown.api.ProblemException;
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
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Monitors: each one's state, uptime and daily uptime bars over 30 days; one monitor's bars over 90 days, its
 * incidents, recent runs and alerts; pause, resume and run now. Everything goes through the monitors API's
 * resource with the session's project as the caller, so another project's monitor is "not found".
 */
@Path("/monitors")
@Produces(MediaType.TEXT_HTML)
public class MonitorsPage {
    @Inject MonitorResource monitors;
    @Inject RunQueries queries;
    @Inject Visitor visitor;
    @Inject UiErrors errors;
    @Inject @Location("ui/monitors.html") Template list;
    @Inject @Location("ui/monitor.html") Template one;

    public record Line(MonitorViews.Monitor m, List<RunQueries.Day> days) {}

    @GET
    public Response list() {
        var items = monitors.list().items();
        var days = queries.uptimeDays(items.stream().map(MonitorViews.Monitor::id).toList(), 30);
        return Response.ok(list.data("v", visitor).data("lines", items.stream().map(m -> new Line(m, days.get(m.id()))).toList())).build();
    }

    @GET
    @Path("{ref}")
    public Response show(@RestPath String ref) {
        return orNotFound(ref, () -> {
            MonitorViews.History h = monitors.history(ref, 30);
            var days = queries.uptimeDays(List.of(h.monitor().id()), 90).get(h.monitor().id());
            return Response.ok(one.data("v", visitor).data("h", h).data("m", h.monitor()).data("days90", days)
                    .data("days30", days.subList(days.size() - 30, days.size())).data("alerts", monitors.alerts(ref, 10))).build();
        });
    }

    @POST
    @Path("{ref}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@RestPath String ref, @RestForm String csrf) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        return orNotFound(ref, () -> back(monitors.pause(ref)));
    }

    @POST
    @Path("{ref}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@RestPath String ref, @RestForm String csrf) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        return orNotFound(ref, () -> back(monitors.resume(ref)));
    }

    @POST
    @Path("{ref}/run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response runNow(@RestPath String ref, @RestForm String csrf) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        return orNotFound(ref, () -> {
            Response r = monitors.runNow(ref);
            @SuppressWarnings("unchecked")
            var body = (Map<String, Object>) r.getEntity();
            return Response.seeOther(UriBuilder.fromPath("/runs/{id}").build(body.get("runId"))).build();
        });
    }

    private static Response back(MonitorViews.Monitor m) {
        return Response.seeOther(UriBuilder.fromPath("/monitors/{id}").build(m.id())).build();
    }

    /** The monitors API answers problems (404 for another project's monitor, 409 when busy): shown as pages here. */
    private Response orNotFound(String ref, Supplier<Response> page) {
        try {
            return page.get();
        } catch (ProblemException e) {
            if (e.problem().status() == 404) return errors.notFound("No monitor " + ref + " (or it belongs to another project).");
            return errors.problem(e.problem().status(), e.problem().detail());
        }
    }
}
