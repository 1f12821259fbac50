package io.shakedown.ui;

import io.quarkus.security.identity.SecurityIdentity;
import io.shakedown.service.ShakedownConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who is looking at a page, as Quarkus Security authenticated them ({@link SessionIdentityProvider}): signed in (as a
 * project or the admin) or, with authentication switched off, anybody. Which runs they may see is
 * {@link io.shakedown.auth.Caller}'s business, exactly as for the API; this adds what pages need: a name to show and
 * the session's CSRF token.
 */
@RequestScoped
public class Visitor {
    @Inject SecurityIdentity identity;
    @Inject ShakedownConfig config;
    @Inject Sessions sessions;

    public boolean authEnabled() {
        return config.auth().enabled();
    }

    private Sessions.Session session() {
        return authEnabled() && !identity.isAnonymous() ? identity.getAttribute(SessionIdentityProvider.SESSION_ATTRIBUTE) : null;
    }

    /** "project shop", "admin", or "local (no sign-in)". */
    public String who() {
        if (!authEnabled()) return "local (no sign-in)";
        Sessions.Session session = session();
        if (session == null) return "";
        return session.admin() ? "admin (all projects)" : "project " + session.project();
    }

    /**
     * The token every state-changing form carries: the session's, or with authentication off the local one — a page on
     * another site must not be able to pin a baseline or run a monitor in a developer's local Shakedown either.
     */
    public String csrf() {
        if (!authEnabled()) return sessions.localCsrf();
        Sessions.Session session = session();
        return session == null ? "" : session.csrf();
    }

    /** A form's CSRF token matches this visitor's, whatever the authentication setting. */
    public boolean csrfOk(String given) {
        String expected = csrf();
        return !expected.isEmpty() && Sessions.same(expected, given);
    }
}
