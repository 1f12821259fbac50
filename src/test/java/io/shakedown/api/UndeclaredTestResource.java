package io.shakedown.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A test-only endpoint that forgets to say who may call it, as a new one might: AuthTest proves the service refuses it
 * to everybody (quarkus.security.jaxrs.deny-unannotated-endpoints).
 */
@Path("/api/v1/test-only/undeclared")
public class UndeclaredTestResource {
    @GET
    @Operation(hidden = true)
    public String secret() {
        return "an endpoint nobody declared";
    }
}
