package io.shakedown.api;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The head of the OpenAPI document served at /q/openapi: title and tags. The parts every operation shares
 * (security schemes, the problem+json error shape, public endpoints) are added by {@link OpenApiFilter}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Shakedown", version = "v1",
                description = "Production validation for CI/CD pipelines: submit a spec, get PASSED / FAILED / ERROR with evidence. "
                        + "Errors are RFC 9457 problem documents (application/problem+json)."),
        tags = {
                @Tag(name = "validations", description = "Submit, follow, list and cancel validation runs; their reports"),
                @Tag(name = "baselines", description = "Performance baselines per app, environment and scenario"),
                @Tag(name = "reference", description = "The spec's JSON Schema and the loaded gotcha rules"),
                @Tag(name = "admin", description = "Projects and their API tokens (admin token)")})
public final class OpenApiDocument {
    private OpenApiDocument() {}
}
