package io.shakedown.ui;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.shakedown.auth.ProjectStore;
import io.shakedown.auth.Roles;
import io.shakedown.service.ShakedownConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who a session cookie speaks for (role {@link Roles#UI}): a project while the token it signed in with is live, or the
 * admin (every project) while the admin token is the one it signed in with — rotating the admin token or revoking the
 * project token signs the browser out. A cookie that does not verify, expired or outlived its token fails.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionMechanism.SessionRequest> {
    /** The identity attribute holding the {@link Sessions.Session} (its CSRF token, who to show), for {@link Visitor}. */
    static final String SESSION_ATTRIBUTE = "shakedown.ui.session";

    @Inject Sessions sessions;
    @Inject ProjectStore projects;
    @Inject ShakedownConfig config;

    @Override
    public Class<SessionMechanism.SessionRequest> getRequestType() {
        return SessionMechanism.SessionRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionMechanism.SessionRequest request, AuthenticationRequestContext context) {
        // a project session is checked against its token's row in PostgreSQL: off the event loop
        return context.runBlocking(() -> sessions.decode(request.cookie).filter(this::stillValid).map(SessionIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("the browser session expired or its token changed: sign in again")));
    }

    private boolean stillValid(Sessions.Session s) {
        if (s.admin()) {
            String admin = config.auth().adminToken().orElse("");
            return s.tokenHash() != null && !admin.isEmpty() && Sessions.same(s.tokenHash(), sessions.adminFingerprint(admin));
        }
        return s.tokenHash() != null && projects.projectOfTokenHash(s.tokenHash()).filter(p -> p.equals(s.project())).isPresent();
    }

    private static SecurityIdentity identity(Sessions.Session s) {
        var identity = QuarkusSecurityIdentity.builder().addRole(Roles.UI).addAttribute(SESSION_ATTRIBUTE, s);
        if (s.admin()) {
            identity.setPrincipal(new QuarkusPrincipal("admin")).addAttribute(Roles.ALL_PROJECTS_ATTRIBUTE, true);
        } else {
            identity.setPrincipal(new QuarkusPrincipal("project:" + s.project())).addAttribute(Roles.PROJECT_ATTRIBUTE, s.project());
        }
        return identity.build();
    }
}
