package io.shakedown.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.shakedown.service.ShakedownConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Who a bearer token speaks for: the admin token (role {@link Roles#ADMIN}), a project's live API token or a GitHub
 * Actions OIDC token bound to a project (role {@link Roles#PROJECT} with the project as an attribute). A token that is
 * none of these fails authentication with a reason that never repeats the token. Tokens are never logged, echoed or
 * stored in clear.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    @Inject ShakedownConfig config;
    @Inject ProjectStore projects;
    @Inject GitHubOidc oidc;

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

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (Tokens.sameSecret(token, config.auth().adminToken().orElseThrow())) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("admin"))
                    .addRole(Roles.ADMIN).build());
        }
        // the project lookups read PostgreSQL (and OIDC may fetch the JWKS): off the event loop
        return context.runBlocking(() -> project(projectOf(token)));
    }

    private String projectOf(String token) {
        if (looksLikeJwt(token) && oidc.enabled()) return oidc.projectOf(token);
        return projects.projectOfToken(token).orElseThrow(() -> new AuthenticationFailedException("the token is unknown, revoked or expired"));
    }

    static SecurityIdentity project(String project) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("project:" + project))
                .addRole(Roles.PROJECT).addAttribute(Roles.PROJECT_ATTRIBUTE, project).build();
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }
}
