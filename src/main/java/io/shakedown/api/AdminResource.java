package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.shakedown.auth.ProjectStore;
import io.shakedown.auth.Project;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Projects and their API tokens; the admin token only (role {@link Roles#ADMIN}). */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {
    @Inject ProjectStore store;

    public record NewProject(String name, String githubRepository) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProjectView(String name, String githubRepository, Instant createdAt, GitHubView github) {
        static ProjectView of(Project p) {
            return new ProjectView(p.name, p.githubRepository, p.createdAt, p.githubRepository == null ? null
                    : new GitHubView(p.githubRepository, p.githubRepositoryId, p.githubOwnerId, p.githubRef, p.githubWorkflow, p.githubEnvironment));
        }
    }

    /**
     * A project's GitHub OIDC binding: the repository (owner/name), its numeric ids (GitHub's repository_id and
     * repository_owner_id; when not given, recorded from the first verified token) and optional conditions on the
     * token's ref, workflow (job_workflow_ref or workflow) and environment, where * matches any characters.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GitHubView(String repository, Long repositoryId, Long ownerId, String ref, String workflow, String environment) {}

    public record NewToken(String name) {}

    /** The length of api_token.name (V3). */
    static final int TOKEN_NAME_MAX = 255;

    /** {@code token} is set only in the answer to its creation: it is not stored in clear and cannot be shown again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenView(UUID id, String project, String name, Instant createdAt, Instant revokedAt, String token) {}

    @Operation(summary = "Create a project", description = "Admin token. githubRepository (owner/name) binds GitHub Actions OIDC tokens of that repository to the project.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewProject.class)))
    @APIResponse(responseCode = "201", description = "created", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProjectView.class)))
    @POST
    public Response create(NewProject body) {
        if (body == null || body.name() == null || !body.name().matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}")) {
            throw ProblemException.badParameter("name", "1-100 characters: letters, digits, . _ / - (starting with a letter or digit)");
        }
        // bounded: the column holds 255 characters, and a longer value must be a 400, not a database error
        if (body.githubRepository() != null && !body.githubRepository().matches("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}")) {
            throw ProblemException.badParameter("githubRepository", "owner/name of at most 100 characters each, e.g. acme/shop, got: "
                    + body.githubRepository());
        }
        if (store.byName(body.name()).isPresent()) {
            throw ProblemException.of(Status.CONFLICT, "project-exists", "project " + body.name() + " already exists");
        }
        if (body.githubRepository() != null && store.repositoryTaken(body.githubRepository())) {
            throw ProblemException.of(Status.CONFLICT, "repository-bound", "GitHub repository " + body.githubRepository()
                    + " is already bound to another project");
        }
        Project p = store.create(body.name(), body.githubRepository());
        return Response.status(Status.CREATED).entity(ProjectView.of(p)).build();
    }

    @Operation(summary = "List projects")
    @GET
    public List<ProjectView> list() {
        return store.all().stream().map(ProjectView::of).toList();
    }

    @Operation(summary = "Issue an API token for a project", description = "The token is in this answer only: it is stored hashed and cannot be shown again.")
    @Parameter(name = "project", in = ParameterIn.PATH, description = "the project's name")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewToken.class)))
    @APIResponse(responseCode = "201", description = "the token, shown once", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TokenView.class)))
    @POST
    @Path("{project}/tokens")
    public Response issue(@RestPath String project, NewToken body) {
        Project p = project(project);
        String name = body == null ? null : body.name();
        if (name != null && name.length() > TOKEN_NAME_MAX) {
            throw ProblemException.badParameter("name", "at most " + TOKEN_NAME_MAX + " characters, got " + name.length());
        }
        var issued = store.issue(p, name);
        var t = issued.token();
        return Response.status(Status.CREATED).entity(new TokenView(t.id, p.name, t.name, t.createdAt, null, issued.secret())).build();
    }

    @Operation(summary = "List a project's tokens (without their values)")
    @Parameter(name = "project", in = ParameterIn.PATH, description = "the project's name")
    @GET
    @Path("{project}/tokens")
    public List<TokenView> tokens(@RestPath String project) {
        Project p = project(project);
        return store.tokens(p).stream().map(t -> new TokenView(t.id, p.name, t.name, t.createdAt, t.revokedAt, null)).toList();
    }

    @Operation(summary = "Revoke a token")
    @Parameter(name = "project", in = ParameterIn.PATH, description = "the project's name")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the token id")
    @APIResponse(responseCode = "204", description = "revoked")
    @DELETE
    @Path("{project}/tokens/{id}")
    public Response revoke(@RestPath String project, @RestPath("id") UUID id) {
        Project p = project(project);
        if (!store.revoke(p, id)) throw ProblemException.of(Status.NOT_FOUND, "token-not-found", "project " + project + " has no token " + id);
        return Response.noContent().build();
    }

    @Operation(summary = "Bind a project to a GitHub repository for OIDC tokens, with optional conditions",
            description = "Replaces the binding. repositoryId/ownerId are GitHub's numeric ids (gh api repos/OWNER/NAME --jq '.id, .owner.id'); "
                    + "left out, the first verified token of that repository records them. ref, workflow and environment, when set, "
                    + "must match the token's claims (* matches any characters).")
    @Parameter(name = "project", in = ParameterIn.PATH, description = "the project's name")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = GitHubView.class)))
    @APIResponse(responseCode = "200", description = "the project with its binding", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProjectView.class)))
    @PUT
    @Path("{project}/github")
    public ProjectView bindGitHub(@RestPath String project, GitHubView body) {
        project(project);
        var binding = GitHubBindingInput.validated(body);
        store.boundElsewhere(project, binding).ifPresent(other -> {
            throw ProblemException.of(Status.CONFLICT, "repository-bound", "GitHub repository " + binding.repository()
                    + " is already bound to another project");
        });
        return ProjectView.of(store.bindGitHub(project, binding));
    }

    @Operation(summary = "Unbind a project from its GitHub repository (OIDC tokens no longer act for it)")
    @Parameter(name = "project", in = ParameterIn.PATH, description = "the project's name")
    @APIResponse(responseCode = "204", description = "unbound")
    @DELETE
    @Path("{project}/github")
    public Response unbindGitHub(@RestPath String project) {
        project(project);
        store.bindGitHub(project, null);
        return Response.noContent().build();
    }

    private Project project(String name) {
        return store.byName(name).orElseThrow(() -> ProblemException.of(Status.NOT_FOUND, "project-not-found", "no project " + name));
    }
}
