package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.auth.Caller;
import io.shakedown.service.LoadReports;
import io.shakedown.store.RunStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Gatling's own HTML report of a run's performance stage, served from the database by any replica (or, until it is
 * stored, from shakedown.perf.work-dir/&lt;run id&gt;/ of the replica that ran it; service.LoadReports). The report's {@code htmlReport} paths are relative to
 * /api/v1/validations/{id}/performance/.
 */
@RolesAllowed(Roles.PROJECT)
@Path("/api/v1/validations/{id}/performance")
@Tag(name = "validations")
public class PerformanceReportResource {

    @Inject LoadReports loadReports;
    @Inject RunStore runs;
    @Inject Caller caller;

    @Operation(summary = "Get a file of the run's Gatling HTML report", description = "The paths named by report.performance.scenarios[].htmlReport, and the scripts and styles next to them.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)")
    @Parameter(name = "file", in = ParameterIn.PATH, description = "path of the file inside the run's Gatling output")
    @APIResponse(responseCode = "200", description = "the file", content = @Content(mediaType = "text/html"))
    @GET
    @Path("{file: .+}")
    public Response file(@RestPath("id") UUID runId, @RestPath String file) {
        if (runs.find(runId, caller.project()).isEmpty()) {
            // another project's run is "not found", exactly like a missing one
            return Problem.of(Response.Status.NOT_FOUND, "no run " + runId).toResponse();
        }
        return loadReports.file(runId, file)
                .map(bytes -> Response.ok(bytes, LoadReports.contentType(file)).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "no performance report file " + file + " for run " + runId).toResponse());
    }
}
