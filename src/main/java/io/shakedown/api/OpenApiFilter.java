package io.shakedown.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Adds what every operation shares, so resources stay small: the two ways to authenticate (a project's API
 * token, or a GitHub Actions OIDC token — docs/api.md, "Authentication") required by every /api operation
 * except those that need no token (the spec schema), and the RFC 9457 problem document as the
 * {@code default} response of each /api operation (schema {@code Problem}).
 */
public class OpenApiFilter implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String BEARER = "bearer";
    static final String GITHUB_OIDC = "github-oidc";
    static final List<String> PUBLIC = List.of(SpecSchemaResource.PATH);

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) api.setComponents(OASFactory.createComponents());
        api.getComponents().addSchema(PROBLEM, problemSchema());
        api.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A project's API token (sdk_…, from POST /api/v1/admin/projects/{name}/tokens), or the admin token for /api/v1/admin"));
        api.getComponents().addSecurityScheme(GITHUB_OIDC, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.OPENIDCONNECT)
                .openIdConnectUrl("https://token.actions.githubusercontent.com/.well-known/openid-configuration")
                .description("A GitHub Actions OIDC token (when shakedown.auth.github-oidc.enabled), sent as Authorization: Bearer; "
                        + "its repository claim selects the project bound to that repository"));
        api.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(BEARER),
                OASFactory.createSecurityRequirement().addScheme(GITHUB_OIDC)));
        if (api.getPaths() == null) return;
        api.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) return;
            item.getOperations().values().forEach(op -> {
                addProblemDefault(op);
                if (PUBLIC.contains(path)) op.setSecurity(List.of());
            });
        });
    }

    private static void addProblemDefault(Operation op) {
        if (op.getResponses() == null) op.setResponses(OASFactory.createAPIResponses());
        if (op.getResponses().getDefaultValue() != null) return;
        op.getResponses().setDefaultValue(OASFactory.createAPIResponse()
                .description("An error as an RFC 9457 problem document (400 names the offending field; 401 missing or "
                        + "wrong token; 404 not found or another project's; 500 carries an incident id, never a stack trace)")
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(PROBLEM)))));
    }

    private static Schema problemSchema() {
        Schema error = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .properties(Map.of(
                        "path", string("the field or parameter, e.g. checks[2].expect.status or limit"),
                        "message", string("what is wrong and, where possible, what to write instead"),
                        "line", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER, Schema.SchemaType.NULL))
                                .description("line in the submitted spec, when known")));
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .required(List.of("type", "title", "status"))
                .properties(Map.of(
                        "type", string("urn:shakedown:problem:{invalid-spec|invalid-parameter|spec-too-large|run-not-found|run-finished|"
                                + "no-report|unauthorized|project-exists|repository-bound|project-not-found|token-not-found|auth-disabled}, "
                                + "or about:blank for plain HTTP errors"),
                        "title", string("short, human-readable summary of the problem type"),
                        "status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).description("the HTTP status"),
                        "detail", string("this occurrence, e.g. limit: must be a whole number from 1 to 200, got: 500"),
                        "instance", string("the request path"),
                        "errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY)).items(error)
                                .description("each offending field or parameter")));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }
}
