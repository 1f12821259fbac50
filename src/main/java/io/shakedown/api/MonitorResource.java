package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import jakarta.ws.rs.HeaderParam;
import java.security.MessageDigest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.monitor.MonitorSettings;
import io.shakedown.auth.Caller;
import io.shakedown.monitor.MonitorDefinition;
import io.shakedown.monitor.MonitorReader;
import io.shakedown.monitor.MonitorRow;
import io.shakedown.monitor.MonitorScheduler;
import io.shakedown.monitor.MonitorService;
import io.shakedown.monitor.MonitorStore;
import io.shakedown.monitor.MonitorViews;
import io.shakedown.service.ShakedownConfig;
import io.shakedown.secret.ServiceSecrets;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Monitors (docs/monitors.md): create, read, update, delete, pause, resume, run now, history, alerts, deliveries,
 * the badge, and {@code apply} for monitors as code. A monitor is addressed by id or by name; another project's
 * monitor is 404 like a missing one.
 */
@RolesAllowed(Roles.PROJECT)
@Path(MonitorService.BASE)
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {

    static final String APPLY_MEDIA_TYPE = "application/vnd.shakedown.monitors+json";

    @Inject ServiceSecrets serviceSecrets;
    @Inject MonitorStore store;
    @Inject MonitorService service;
    @Inject MonitorScheduler scheduler;
    @Inject ShakedownConfig config;
    @Inject MonitorSettings monitorSettings;
    @Inject Caller caller;
    @Inject ObjectMapper mapper;

    public record MonitorList(List<MonitorViews.Monitor> items) {}

    @GET
    @Operation(summary = "List the project's monitors with state, uptime and last run")
    public MonitorList list() {
        return new MonitorList(service.list(caller.project()));
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "Create a monitor (YAML or JSON, the shape of one entry of monitors.yaml)")
    public Response create(byte[] body) {
        MonitorDefinition d = read(body);
        MonitorRow m = store.create(caller.project(), d).orElseThrow(() -> ProblemException.of(Status.CONFLICT, "monitor-exists",
                "the project already has a monitor named " + d.name() + "; PUT " + MonitorService.BASE + "/" + d.name() + " to change it"));
        scheduler.nudge();
        return Response.status(Status.CREATED).entity(service.view(m)).header("Location", MonitorService.BASE + "/" + m.id()).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One monitor (by id or name) with its state and uptime")
    public MonitorViews.Monitor get(@RestPath("id") String ref) {
        return service.view(load(ref));
    }

    @PUT
    @Path("{id}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "Replace a monitor's definition (its state and history are kept)")
    public MonitorViews.Monitor update(@RestPath("id") String ref, byte[] body) {
        MonitorRow m = load(ref);
        MonitorDefinition d = read(body);
        if (!d.name().equals(m.name()) && store.findByName(d.name(), caller.project()).isPresent()) {
            throw ProblemException.of(Status.CONFLICT, "monitor-exists", "the project already has a monitor named " + d.name());
        }
        MonitorRow updated = store.update(m, d);
        scheduler.nudge();
        return service.view(updated);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a monitor (its runs stay, as ordinary runs)")
    public Response delete(@RestPath("id") String ref) {
        store.delete(load(ref).id());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Pause a monitor: no runs, state PAUSED, no alert")
    public MonitorViews.Monitor pause(@RestPath("id") String ref) {
        return setPaused(ref, true);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a paused monitor (state UNKNOWN until its next run)")
    public MonitorViews.Monitor resume(@RestPath("id") String ref) {
        return setPaused(ref, false);
    }

    private MonitorViews.Monitor setPaused(String ref, boolean paused) {
        return service.setPaused(load(ref), paused);
    }

    @POST
    @Path("{id}/run")
    @Operation(summary = "Run a monitor now (an extra run outside its schedule)")
    public Response runNow(@RestPath("id") String ref) {
        MonitorRow m = load(ref);
        var run = service.runNow(m).orElseThrow(() -> ProblemException.of(Status.CONFLICT, "monitor-busy",
                "the previous run of " + m.name() + " (" + m.lastRunId() + ") is still going; a monitor never overlaps itself"));
        return Response.accepted(Map.of("runId", run.toString(), "links", Map.of("run", ValidationResource.BASE + "/" + run)))
                .header("Location", ValidationResource.BASE + "/" + run).build();
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "Uptime over 24 h / 7 d / 30 d, incidents, the last runs and skipped ticks")
    public MonitorViews.History history(@RestPath("id") String ref, @RestQuery("runs") @DefaultValue("50") @Min(1) @Max(1000) int runs) {
        return service.history(load(ref), runs);
    }

    @GET
    @Path("{id}/alerts")
    @Operation(summary = "Alerts raised by a monitor (each change of state, reminders) with their deliveries")
    public List<MonitorViews.Alert> alerts(@RestPath("id") String ref, @RestQuery("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        return service.alerts(load(ref), limit);
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "Alert deliveries per channel: attempts, status, last error")
    public List<MonitorViews.Delivery> deliveries(@RestPath("id") String ref, @RestQuery("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return service.deliveries(load(ref), limit);
    }

    /**
     * The status badge. With the monitor's badge key ({@code ?key=}, shown in its {@code links.badge} when it is public)
     * no token is needed; without it, the caller's token must own the monitor.
     */
    @GET
    @Path("{id}/badge.svg")
    @PermitAll // public with the monitor's badge key; without it, the caller must be signed in to the monitor's project
    @Produces("image/svg+xml")
    @Operation(summary = "Status badge (SVG); public with ?key= when the monitor is marked public")
    public Response badge(@RestPath String id, @RestQuery String key) {
        MonitorRow m;
        if (key != null) {
            m = store.resolve(id, null).filter(x -> x.badgeKey() != null && MessageDigest.isEqual(
                    key.getBytes(StandardCharsets.UTF_8), x.badgeKey().getBytes(StandardCharsets.UTF_8)))
                    .orElseThrow(() -> ProblemException.of(Status.NOT_FOUND, "monitor-not-found", "no public monitor " + id + " with that key"));
        } else {
            m = load(id);
        }
        return Response.ok(service.badge(m), "image/svg+xml").header("Cache-Control", "no-cache, max-age=0").build();
    }

    /** Body of {@code apply}: the monitors file as text and the values of the {@code secretEnv} variables it names. */
    public record ApplyRequest(String file, Map<String, String> secrets) {}

    @POST
    @Path("apply")
    @Consumes({APPLY_MEDIA_TYPE, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Monitors as code: create/update the file's monitors (prune: delete the others; dryRun: only report the diff)")
    public MonitorViews.ApplyOutcome apply(byte[] body, @HeaderParam("Content-Type") String contentType,
                                           @RestQuery("prune") @DefaultValue("false") boolean prune,
                                           @RestQuery("dryRun") @DefaultValue("false") boolean dryRun) {
        String file;
        Map<String, String> secrets = new HashMap<>();
        if (contentType != null && contentType.startsWith(APPLY_MEDIA_TYPE)) {
            try {
                ApplyRequest r = mapper.readValue(body, ApplyRequest.class);
                if (r == null || r.file() == null) throw ProblemException.badParameter("file", "the monitors file text is required");
                file = r.file();
                if (r.secrets() != null) secrets.putAll(r.secrets());
            } catch (IOException e) {
                throw ProblemException.badParameter("body", "expected {\"file\": \"<monitors.yaml text>\", \"secrets\": {...}}");
            }
        } else {
            file = SpecBody.decode(body, config.maxSpecSize().asLongValue());
        }
        List<MonitorDefinition> defs;
        try {
            defs = reader(secrets::get).readFile(file);
        } catch (DocumentException e) {
            throw invalid(e.errors());
        }
        var r = store.apply(caller.project(), defs, prune, dryRun);
        scheduler.nudge();
        return new MonitorViews.ApplyOutcome(r.created(), r.updated(), r.unchanged(), r.deleted(), r.dryRun());
    }

    @GET
    @Path("schema")
    @Produces("application/schema+json")
    @Operation(summary = "JSON Schema of monitors.yaml")
    public String schema() {
        return MonitorReader.schemaJson();
    }

    private MonitorDefinition read(byte[] body) {
        String text = SpecBody.decode(body, config.maxSpecSize().asLongValue());
        try {
            return reader(name -> null).readOne(text);
        } catch (DocumentException e) {
            throw invalid(e.errors());
        }
    }

    /** Checks the secrets a monitor names against the service's own (the caller's project's folder, then the shared ones). */
    private MonitorReader reader(Function<String, String> channelSecrets) {
        String project = caller.project();
        return new MonitorReader(monitorSettings.minInterval(), channelSecrets,
                name -> serviceSecrets.value(project, name).isPresent() ? null : serviceSecrets.whereLooked(project, name));
    }

    private static ProblemException invalid(List<DocumentError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).toString() : errors.size() + " problems; the first: " + errors.get(0);
        return new ProblemException(new Problem(Problem.TYPE_BASE + "invalid-monitor", "Invalid monitor", 400, detail, null, errors));
    }

    private MonitorRow load(String ref) {
        return store.resolve(ref, caller.project()).orElseThrow(() -> ProblemException.of(Status.NOT_FOUND, "monitor-not-found", "no monitor " + ref));
    }
}
