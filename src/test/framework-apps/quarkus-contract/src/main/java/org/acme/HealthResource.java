package org.acme;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/health")
public class HealthResource {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "health")
    public Map<String, String> health() {
        return Map.of("status", "UP"); // an object, as documented (a hand-written JSON string would be documented as a string)
    }
}
