package io.shakedown.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The JSON Schema of the spec, for editors and for pipelines that lint specs before submitting them. */
@Path("/api/v1/spec/schema")
public class SpecSchemaResource {

    static final String RESOURCE = "spec/shakedown-spec.schema.json";

    @GET
    @Produces("application/schema+json")
    public String schema() throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw ProblemException.of(Status.SERVICE_UNAVAILABLE, "schema-missing", "the spec schema is not bundled in this build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
