package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.shakedown.rules.RuleSet;
import io.shakedown.service.RuleCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The loaded rules (built-in packs plus shakedown.rules.dirs), for people and for SARIF tool descriptors. */
@RolesAllowed(Roles.PROJECT)
@Path("/api/v1/rules")
@Tag(name = "reference")
public class RulesResource {

    @Inject RuleCatalog catalog;

    @Operation(summary = "List the loaded gotcha rules and frameworks", description = "The built-in packs plus shakedown.rules.dirs (docs/rules.md).")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RuleCatalog.RulesView list() {
        return catalog.list();
    }

    @Operation(summary = "Get the JSON Schema of a rule pack", description = "Draft 2020-12 (docs/rule-pack.schema.json), for editors and pack authors.")
    @GET
    @Path("schema")
    @Produces("application/schema+json")
    public String schema() {
        return RuleSet.schemaJson();
    }
}
