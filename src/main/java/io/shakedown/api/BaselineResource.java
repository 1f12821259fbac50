package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.auth.Caller;
import io.shakedown.service.AppBaselines;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Performance baselines of an app: what the history-mode regression rules compare with, per
 * environment and scenario, and the pin that overrides the median of recent passing runs.
 */
@RolesAllowed(Roles.PROJECT)
@Path("/api/v1/apps/{app}/baselines")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "baselines")
public class BaselineResource {

    @Inject AppBaselines baselines;
    @Inject Caller caller;

    /** Another project's app (one it has no run of) is "not found", like a run of another project. */
    private void requireOwnApp(String app) {
        if (!baselines.visible(caller.project(), app)) throw ProblemException.of(Status.NOT_FOUND, "app-not-found", "no app " + app);
    }

    public record Baselines(String app, List<AppBaselines.ScenarioBaseline> baselines) {}

    public record PinRequest(String runId) {}

    @Operation(summary = "List an app's performance baselines", description = "Per environment and scenario: the recorded samples and what the next run compares with (the pin, or the median of recent passing runs).")
    @Parameter(name = "app", in = ParameterIn.PATH, description = "the app name of the spec")
    @Parameter(name = "environment", in = ParameterIn.QUERY, description = "only this environment")
    @APIResponse(responseCode = "200", description = "the app's baselines", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BaselineResource.Baselines.class)))
    @GET
    public Baselines list(@RestPath String app, @RestQuery String environment) {
        requireOwnApp(app);
        return new Baselines(app, baselines.all(caller.project(), app, environment));
    }

    /** Pins a passing run's figures as the baseline of that environment + scenario. */
    @Operation(summary = "Pin a passing run's figures as the baseline")
    @Parameter(name = "app", in = ParameterIn.PATH, description = "the app name of the spec")
    @Parameter(name = "environment", in = ParameterIn.PATH)
    @Parameter(name = "scenario", in = ParameterIn.PATH, description = "the performance scenario's name")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = PinRequest.class)))
    @APIResponse(responseCode = "200", description = "the app's baselines", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BaselineResource.Baselines.class)))
    @PUT
    @Path("{environment}/{scenario}/pin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pin(@RestPath String app, @RestPath String environment, @RestPath String scenario, PinRequest request) {
        if (request == null || request.runId() == null) throw ProblemException.badParameter("runId", "required: the id of a passing run to pin");
        UUID runId;
        try {
            runId = UUID.fromString(request.runId());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("runId", "must be a run id (a UUID), got \"" + request.runId() + "\"");
        }
        requireOwnApp(app);
        if (!baselines.pin(caller.project(), app, environment, scenario, runId)) {
            return new Problem(Problem.TYPE_BASE + "no-such-baseline", "No such baseline sample", 404,
                    "run " + runId + " recorded no figures for " + app + "/" + environment + "/" + scenario
                            + " (only passing runs with a performance section do)", null, null).toResponse();
        }
        return Response.ok(list(app, environment)).build();
    }

    /** Removes the pin: the baseline is the median of recent passing runs again. */
    @Operation(summary = "Remove the pin: back to the median of recent passing runs")
    @Parameter(name = "app", in = ParameterIn.PATH, description = "the app name of the spec")
    @Parameter(name = "environment", in = ParameterIn.PATH)
    @Parameter(name = "scenario", in = ParameterIn.PATH, description = "the performance scenario's name")
    @APIResponse(responseCode = "204", description = "unpinned")
    @DELETE
    @Path("{environment}/{scenario}/pin")
    public Response unpin(@RestPath String app, @RestPath String environment, @RestPath String scenario) {
        requireOwnApp(app);
        baselines.unpin(caller.project(), app, environment, scenario);
        return Response.noContent().build();
    }
}
