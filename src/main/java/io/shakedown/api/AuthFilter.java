package io.shakedown.api;

import java.util.regex.Pattern;
import io.quarkus.runtime.StartupEvent;
import io.shakedown.auth.Caller;
import io.shakedown.auth.GitHubOidc;
import io.shakedown.auth.ProjectStore;
import io.shakedown.auth.Tokens;
import io.shakedown.service.ShakedownConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every /api/v1 endpoint needs a bearer token, except the spec schema (a public document, like an OpenAPI
 * file); health lives under /q and needs none. /api/v1/admin takes the admin token from configuration;
 * everything else a project token or, when enabled, a GitHub Actions OIDC token bound to a project.
 * Tokens are never logged, echoed in problem documents or stored in clear.
 */
public class AuthFilter {
    static final String API = "/api/v1/";
    static final String ADMIN = "/api/v1/admin";
    public static final String PUBLIC_SCHEMA = "/api/v1/spec/schema";
    /** A public badge (its unguessable ?key= is checked by the resource). */
    static final Pattern KEYED_BADGE = Pattern.compile("/api/v1/monitors/[^/]+/badge\\.svg");
    /** Flagger cannot send headers: its webhook carries the token in metadata.token, checked by the resource. */
    static final Pattern FLAGGER_HOOK = Pattern.compile("/api/v1/gates/[^/]+/flagger");

    @Inject ShakedownConfig config;
    @Inject ProjectStore projects;
    @Inject GitHubOidc oidc;
    @Inject Caller caller;

    /** Refuses to start with authentication on but no way to create tokens. */
    void check(@Observes StartupEvent start) {
        if (!config.auth().enabled()) return;
        String admin = config.auth().adminToken().orElse("");
        if (admin.isBlank()) {
            throw new IllegalStateException("shakedown.auth.admin-token (env SHAKEDOWN_AUTH_ADMIN_TOKEN) is not set: "
                    + "set it to a long random secret (e.g. openssl rand -hex 32) to create project tokens, "
                    + "or set SHAKEDOWN_AUTH_ENABLED=false for single-user local use without tokens");
        }
        if (admin.length() < 16) {
            throw new IllegalStateException("shakedown.auth.admin-token is too short: use at least 16 random characters");
        }
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getPath();
        if (!path.startsWith(API) || path.equals(PUBLIC_SCHEMA)) return;
        if (KEYED_BADGE.matcher(path).matches() && request.getUriInfo().getQueryParameters().containsKey("key")) return;
        if (FLAGGER_HOOK.matcher(path).matches() && request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) return;
        boolean admin = path.equals(ADMIN) || path.startsWith(ADMIN + "/");
        if (!config.auth().enabled()) {
            if (admin) throw ProblemException.of(Response.Status.NOT_FOUND, "auth-disabled",
                    "authentication is switched off (shakedown.auth.enabled=false): there are no projects or tokens to manage");
            return;
        }
        String token = bearer(request).orElseThrow(() -> unauthorized("send a token: Authorization: Bearer <token>"));
        if (admin) {
            if (!Tokens.sameSecret(token, config.auth().adminToken().orElseThrow())) throw unauthorized("not the admin token");
            return;
        }
        Optional<String> project = looksLikeJwt(token) && oidc.enabled() ? projectOfOidc(token) : projects.projectOfToken(token);
        caller.project(project.orElseThrow(() -> unauthorized("the token is unknown, revoked or expired")));
    }

    private Optional<String> projectOfOidc(String jwt) {
        String repository = oidc.repositoryOf(jwt).orElseThrow(() -> unauthorized(
                "the GitHub OIDC token does not verify (issuer, audience, signature or expiry)"));
        return Optional.of(projects.projectOfRepository(repository).orElseThrow(() -> unauthorized(
                "no project is bound to GitHub repository " + repository + "; an admin binds it with githubRepository")));
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    private static Optional<String> bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401, detail, null, null));
    }
}
