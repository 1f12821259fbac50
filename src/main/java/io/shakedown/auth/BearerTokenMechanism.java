package io.shakedown.auth;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.shakedown.service.ShakedownConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * How an API caller says who it is: {@code Authorization: Bearer <token>} (a project token, the admin token or a
 * GitHub Actions OIDC token; {@link TokenIdentityProvider} decides which). With authentication switched off
 * (single-user local mode) every request is the local user, who may see every project but holds no admin role:
 * there are no projects or tokens to manage then. Which endpoint needs which role is declared on the resources;
 * the web UI's session cookie is another mechanism (io.shakedown.ui), tried after this one.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    static final String TYPE = "bearer";
    /** Tried before the UI's cookie: a request carrying a token is judged by its token. */
    static final int PRIORITY = 2000;

    @Inject ShakedownConfig config;

    private final SecurityIdentity local = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("local"))
            .addRoles(Set.of(Roles.PROJECT, Roles.UI)).addAttribute(Roles.ALL_PROJECTS_ATTRIBUTE, true).build();

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!config.auth().enabled()) return Uni.createFrom().item(local);
        String token = bearer(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) return Uni.createFrom().optional(java.util.Optional.empty());
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, TYPE)));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"shakedown\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, TYPE));
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    /** The token of an {@code Authorization: Bearer} header; null without one. */
    static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
