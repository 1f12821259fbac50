package io.shakedown.api;

import io.shakedown.spec.SpecSchema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The JSON Schema of the spec, for editors and for pipelines that lint specs before submitting them. */
@Path("/api/v1/spec/schema")
public class SpecSchemaResource {

    @GET
    @Produces("application/schema+json")
    public String schema() {
        return SpecSchema.json();
    }
}
