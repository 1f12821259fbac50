package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.auth.Caller;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.service.RunReports;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * A run's stored report alone (what {@code links.report} points at), as {@code ?format=} json (default), junit,
 * sarif, markdown or html — or, without {@code format}, the first of those the Accept header asks for.
 */
@RolesAllowed(Roles.PROJECT)
@Path(ValidationResource.BASE + "/{id}/report")
@Tag(name = "validations")
public class RunReportResource {

    @Inject RunStore store;
    @Inject RunReports reports;
    @Inject Caller caller;

    @Operation(summary = "Get a run's report in a format", description = "JSON (default), JUnit XML, SARIF, Markdown or a self-contained HTML page; without ?format= the Accept header chooses.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @Parameter(name = "format", in = ParameterIn.QUERY, description = "the report format", schema = @Schema(enumeration = {"json", "junit", "sarif", "markdown", "html"}))
    @Parameter(name = "specPath", in = ParameterIn.QUERY, description = "path of the spec in the repository, for SARIF locations and Markdown links")
    @APIResponse(responseCode = "200", description = "the report alone", content = {@Content(mediaType = "application/json", schema = @Schema(implementation = Report.class)), @Content(mediaType = "application/xml"), @Content(mediaType = "application/sarif+json"), @Content(mediaType = "text/markdown"), @Content(mediaType = "text/html")})
    @GET
    @Produces({MediaType.APPLICATION_JSON, "application/xml", "text/xml", "application/sarif+json", "text/markdown", MediaType.TEXT_HTML})
    public Response report(@RestPath("id") UUID id, @RestQuery("format") ReportFormat format, @RestQuery String specPath,
                           @Context HttpHeaders headers, @Context UriInfo uri) {
        ReportFormat chosen = format != null ? format : negotiate(headers);
        ValidationRun run = store.find(id, caller.project()).orElseThrow(() -> ValidationResource.notFound(id));
        // the full report a summary links to: the run page in the web UI (a browser signs in once; the API URL would answer 401)
        String page = uri.getBaseUriBuilder().path("runs").path(run.id.toString()).build().toString();
        RunReports.Rendered rendered = reports.render(run, chosen, specPath, page).orElseThrow(() ->
                ProblemException.of(Status.NOT_FOUND, "no-report", "run " + run.id + " is " + run.status + " and has no report"));
        return Response.ok(rendered.text(), rendered.mediaType()).build();
    }

    /** The format the Accept header prefers (its types come sorted by quality); anything else is JSON. */
    private static ReportFormat negotiate(HttpHeaders headers) {
        for (MediaType wanted : headers.getAcceptableMediaTypes()) {
            if (wanted.isWildcardType()) return ReportFormat.JSON;
            String type = wanted.getType() + "/" + wanted.getSubtype();
            if (type.equals("text/xml")) return ReportFormat.JUNIT;
            for (ReportFormat f : ReportFormat.values()) if (f.mediaType().equals(type)) return f;
        }
        return ReportFormat.JSON;
    }
}
