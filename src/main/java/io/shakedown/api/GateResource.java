package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.monitor.MonitorSettings;
import io.shakedown.auth.Caller;
import io.shakedown.auth.ProjectStore;
import io.shakedown.gate.GateAnswer;
import io.shakedown.gate.GateStore;
import io.shakedown.service.ShakedownConfig;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.service.RunSubmissions;
import java.util.Map;
import io.shakedown.service.RunEvents;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Gates for progressive delivery (docs/monitors.md, "Gates"): a stored spec run against the URL a controller names
 * at call time, answered the way Flagger's webhooks and Argo Rollouts' web metrics consume it. The run is an
 * ordinary run (its report under /api/v1/validations/{runId}).
 */
@RolesAllowed(Roles.PROJECT)
@Path("/api/v1/gates")
@Produces(MediaType.APPLICATION_JSON)
public class GateResource {

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    private static final String NAME_RULE = "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit";

    @Inject GateStore gates;
    @Inject SpecParser parser;
    @Inject RunStore runs;
    @Inject RunSubmissions submissions;
    @Inject RunEvents events;
    @Inject ShakedownConfig config;
    @Inject MonitorSettings monitorSettings;
    @Inject Caller caller;
    @Inject ProjectStore projects;
    @Inject ObjectMapper mapper;

    public record GateView(String name, String project, Instant createdAt, Instant updatedAt, String spec, Links links) {}

    public record Links(String self, String flagger, String argo) {}

    public record GateList(List<GateView> items) {}

    @PUT
    @Path("{name}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "Create or replace a gate: a named spec run against a URL given at call time")
    public Response put(@RestPath("name") @Pattern(regexp = NAME, message = NAME_RULE) String name, byte[] body) {
        String text = SpecBody.decode(body, config.maxSpecSize().asLongValue());
        ValidationSpec spec;
        try {
            spec = parser.parse(text);
        } catch (DocumentException e) {
            throw SpecBody.invalidSpec(e.errors());
        }
        if (!spec.secrets().isEmpty()) {
            throw SpecBody.invalidSpec(List.of(new DocumentError("secrets", "a gate's spec cannot declare secrets (nobody sends their values at call time)", null)));
        }
        boolean created = gates.put(name, caller.project(), text);
        GateView view = view(gates.find(name, caller.project()).orElseThrow());
        return Response.status(created ? Status.CREATED : Status.OK).entity(view).build();
    }

    @GET
    @Operation(summary = "List the project's gates")
    public GateList list() {
        return new GateList(gates.list(caller.project()).stream().map(GateResource::view).toList());
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One gate")
    public GateView get(@RestPath String name) {
        return view(load(name, caller.project()));
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a gate")
    public Response delete(@RestPath String name) {
        if (!gates.delete(name, caller.project())) throw notFound(name);
        return Response.noContent().build();
    }

    /**
     * A Flagger webhook (pre-rollout, rollout, ...): Flagger POSTs {@code {"name", "namespace", "phase", "metadata": {...}}};
     * {@code metadata.url} is the URL to validate, {@code metadata.token} the project token (Flagger cannot send headers).
     * 200 when the run PASSED; 412 (FAILED) or 503 (ERROR, or no verdict in time) otherwise, with the summary.
     */
    @POST
    @Path("{name}/flagger")
    @PermitAll // Flagger cannot send headers: the project token may come in metadata.token, checked below
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Flagger webhook: run the gate against metadata.url; 200 when PASSED, non-2xx with the summary otherwise")
    public Uni<Response> flagger(@RestPath String name, byte[] body) {
        JsonNode hook;
        try {
            hook = mapper.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badParameter("body", "expected Flagger's webhook JSON: {\"name\", \"namespace\", \"phase\", \"metadata\": {\"url\": ...}}");
        }
        JsonNode metadata = hook == null ? null : hook.path("metadata");
        String project = caller.identified() ? caller.project() : null;
        if (project == null && config.auth().enabled()) {
            String token = metadata == null ? null : metadata.path("token").asText(null);
            if (token == null) throw unauthorized("send the project token in the webhook's metadata.token (or an Authorization header)");
            project = projects.projectOfToken(token).orElseThrow(() -> unauthorized("metadata.token is unknown, revoked or expired"));
        }
        String url = metadata == null ? null : metadata.path("url").asText(null);
        if (url == null || url.isBlank()) throw ProblemException.badParameter("metadata.url", "the URL to validate is required in the webhook's metadata");
        String canary = hook.path("namespace").asText("") + "/" + hook.path("name").asText("");
        return start(name, project, url).map(a -> Response.status(a.passed() ? 200 : "FAILED".equals(a.verdict()) ? 412 : 503)
                .entity(a).header("X-Shakedown-Canary", canary).build());
    }

    /**
     * An Argo Rollouts {@code web} metric: always 200 with JSON {@code {"verdict": "PASSED", ...}} when the gate ran, so
     * {@code successCondition: result.verdict == "PASSED"} decides. The URL comes as {@code ?url=} (GET) or in the body.
     */
    @GET
    @Path("{name}/argo")
    @Blocking
    @Operation(summary = "Argo Rollouts web metric: run the gate against ?url=; JSON with verdict and key figures")
    public Uni<GateAnswer> argo(@RestPath String name, @RestQuery String url) {
        if (url == null || url.isBlank()) throw ProblemException.badParameter("url", "the URL to validate is required: ?url=https://canary.example.com");
        return start(name, caller.project(), url);
    }

    public record ArgoBody(String url) {}

    @POST
    @Path("{name}/argo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Argo Rollouts web metric (POST with {\"url\": ...}); JSON with verdict and key figures")
    public Uni<GateAnswer> argoPost(@RestPath String name, @RestQuery String url, ArgoBody body) {
        String target = url != null ? url : body == null ? null : body.url();
        return argo(name, target);
    }

    private Uni<GateAnswer> start(String name, String project, String url) {
        GateStore.Gate gate = load(name, project);
        if (!url.startsWith("http://") && !url.startsWith("https://")) throw ProblemException.badParameter("url", "must be an http(s) URL, got: " + url);
        String text = TargetOverride.apply(gate.specText(), null, url);
        ValidationSpec spec;
        try {
            spec = parser.parse(text);
        } catch (DocumentException e) {
            throw SpecBody.invalidSpec(e.errors());
        }
        ValidationRun run = submissions.submit(spec, text, "json", project, null, Map.of());
        UUID id = run.id;
        return events.awaitEnd(id, monitorSettings.gateTimeout(), () -> runs.find(id).map(r -> r.status.isTerminal()).orElse(true))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(v -> GateAnswer.of(name, url, runs.find(id).orElseThrow(), monitorSettings.gateTimeout(), ValidationResource.BASE + "/" + id + "/report"));
    }

    private static GateView view(GateStore.Gate g) {
        String self = "/api/v1/gates/" + g.name();
        return new GateView(g.name(), g.project(), g.createdAt(), g.updatedAt(), g.specText(), new Links(self, self + "/flagger", self + "/argo"));
    }

    private GateStore.Gate load(String name, String project) {
        return gates.find(name, project).orElseThrow(() -> notFound(name));
    }

    private static ProblemException notFound(String name) {
        return ProblemException.of(Status.NOT_FOUND, "gate-not-found", "no gate " + name);
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401, detail, null, null));
    }
}
