package io.shakedown.api;

import io.shakedown.engine.ValidationEngine;
import io.shakedown.rules.Rule;
import io.shakedown.rules.RuleSet;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The loaded rules (built-in packs plus shakedown.rules.dirs), for people and for SARIF tool descriptors. */
@Path("/api/v1/rules")
@Tag(name = "reference")
public class RulesResource {

    /** One rule as listed: what it catches, where it applies, what it reads. */
    public record RuleView(String id, String title, String severity, String pack, List<String> frameworks, List<String> evidence,
                           String fix, String helpUri, List<String> references, String file, Integer line) {}

    public record FrameworkView(String id, String name, String pack) {}

    public record RulesView(int count, List<FrameworkView> frameworks, List<RuleView> rules) {}

    @Inject
    ValidationEngine engine;

    @Operation(summary = "List the loaded gotcha rules and frameworks", description = "The built-in packs plus shakedown.rules.dirs (docs/rules.md).")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RulesView list() {
        var set = engine.rules();
        List<RuleView> rules = set.rules().stream().map(RulesResource::view).toList();
        return new RulesView(rules.size(), set.frameworks().stream().map(f -> new FrameworkView(f.id(), f.name(), f.pack())).toList(), rules);
    }

    @Operation(summary = "Get the JSON Schema of a rule pack", description = "Draft 2020-12 (docs/rule-pack.schema.json), for editors and pack authors.")
    @GET
    @Path("schema")
    @Produces("application/schema+json")
    public String schema() {
        return RuleSet.schemaJson();
    }

    private static RuleView view(Rule r) {
        return new RuleView(r.id(), r.title(), r.severity().id(), r.pack(), r.appliesToAll() ? List.of("any") : r.frameworks(), r.needs(),
                r.fix(), r.helpUri(), r.references(), r.file(), r.line());
    }
}
