package io.shakedown.api;

import jakarta.annotation.security.PermitAll;
import io.shakedown.spec.SpecSchema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The JSON Schema of the spec, for editors and for pipelines that lint specs before submitting them. */
@PermitAll
@Path(SpecSchemaResource.PATH)
@Tag(name = "reference")
public class SpecSchemaResource {
    /** A public document, like an OpenAPI file: no token needed. */
    static final String PATH = "/api/v1/spec/schema";

    @Operation(summary = "Get the JSON Schema of the spec", description = "Draft 2020-12; no token needed.")
    @APIResponse(responseCode = "200", description = "the schema", content = @Content(mediaType = "application/schema+json", schema = @Schema(type = SchemaType.OBJECT)))
    @GET
    @Produces("application/schema+json")
    public String schema() {
        return SpecSchema.json();
    }
}
