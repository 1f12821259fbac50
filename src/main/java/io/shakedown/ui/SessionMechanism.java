package io.shakedown.ui;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * The web UI's credential: the signed session cookie {@link LoginPage} sets ({@link Sessions}); judged by
 * {@link SessionIdentityProvider}. Tried after the bearer token (io.shakedown.auth.BearerTokenMechanism). The pages
 * declare role {@code ui}; a browser without a valid session is sent to the sign-in page (api.SecurityProblems).
 */
@ApplicationScoped
public class SessionMechanism implements HttpAuthenticationMechanism {
    /** What the cookie carries, for {@link SessionIdentityProvider}. */
    public static final class SessionRequest extends BaseAuthenticationRequest {
        final String cookie;

        SessionRequest(String cookie) {
            this.cookie = cookie;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(Sessions.COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) return Uni.createFrom().optional(Optional.empty());
        return identities.authenticate(new SessionRequest(cookie.getValue()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(303, "Location", "/login"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, Sessions.COOKIE));
    }

    @Override
    public int getPriority() {
        return 1000;
    }
}
