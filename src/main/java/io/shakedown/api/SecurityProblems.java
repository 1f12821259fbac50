package io.shakedown.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.shakedown.auth.Roles;
import io.shakedown.service.ShakedownConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a caller is told when Quarkus Security refuses a request (the roles are declared on the resources): the API
 * answers 401 problem+json saying what to send (never the token it got); a web UI page sends the browser to the
 * sign-in page, which brings it back. A caller holding the wrong kind of token (a project token on /api/v1/admin, the
 * admin token on a project's runs) is told so with a 401 as well: the credential is the wrong one, not merely lacking
 * a permission. With authentication switched off there is no admin API: 404 auth-disabled.
 */
public class SecurityProblems {
    @Inject ShakedownConfig config;

    /** No credentials on an endpoint that needs some. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, ResourceInfo resource, UriInfo uri, Request request) {
        if (isPage(resource)) return signIn(uri, request);
        return problem("send a token: Authorization: Bearer <token>", uri);
    }

    /** Credentials that did not verify: unknown, revoked or expired token, OIDC token of no bound repository, stale session. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, ResourceInfo resource, UriInfo uri, Request request) {
        if (isPage(resource)) return signIn(uri, request);
        // our providers say why; the framework's own failures carry no message
        return problem(e.getMessage() == null || e.getMessage().isBlank() ? "the token is unknown, revoked or expired" : e.getMessage(), uri);
    }

    /** Verified credentials of the wrong kind for this endpoint. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, UriInfo uri, Request request) {
        List<String> roles = roles(resource);
        if (!config.auth().enabled() && roles.contains(Roles.ADMIN)) {
            return ProblemMappers.respond(ProblemException.of(Response.Status.NOT_FOUND, "auth-disabled",
                    "authentication is switched off (shakedown.auth.enabled=false): there are no projects or tokens to manage").problem(), uri);
        }
        if (isPage(resource)) return signIn(uri, request);
        if (roles.contains(Roles.ADMIN)) return problem("not the admin token", uri);
        return problem("this endpoint takes a project's token (or a GitHub OIDC token bound to a project); "
                + "the admin token is for /api/v1/admin only", uri);
    }

    private static Response problem(String detail, UriInfo uri) {
        return ProblemMappers.respond(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401, detail, null, null), uri);
    }

    /** A page of the web UI: declared for role ui. */
    private static boolean isPage(ResourceInfo resource) {
        return roles(resource).contains(Roles.UI);
    }

    private static List<String> roles(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) return List.of();
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null) allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        return allowed == null ? List.of() : Arrays.asList(allowed.value());
    }

    /** To the sign-in page, remembering the page asked for (a form's target is not a page to come back to). */
    private static Response signIn(UriInfo uri, Request request) {
        var asked = uri.getRequestUri();
        String next = asked.getRawPath() + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery());
        if ("/logout".equals(asked.getRawPath()) || !"GET".equals(request.getMethod())) next = "/runs";
        return Response.seeOther(UriBuilder.fromPath("/login").queryParam("next", next).build()).build();
    }
}
