package io.shakedown.ui;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is looking at a page, set by {@link SessionFilter}: signed in (as a project or the admin) or, with
 * authentication switched off, anybody. Which runs they may see is {@link io.shakedown.auth.Caller}'s business,
 * exactly as for the API; this adds what pages need: a name to show and the session's CSRF token.
 */
@RequestScoped
public class Visitor {
    private boolean authEnabled;
    private Sessions.Session session;

    void open() {
        this.authEnabled = false;
    }

    void signedIn(Sessions.Session session) {
        this.authEnabled = true;
        this.session = session;
    }

    public boolean authEnabled() {
        return authEnabled;
    }

    /** "project shop", "admin", or "local (no sign-in)". */
    public String who() {
        if (!authEnabled) return "local (no sign-in)";
        if (session == null) return "";
        return session.admin() ? "admin (all projects)" : "project " + session.project();
    }

    /** The token every state-changing form carries; empty with authentication off (no session, nothing to forge). */
    public String csrf() {
        return session == null ? "" : session.csrf();
    }

    /** A form's CSRF token matches this session's (always true with authentication off). */
    public boolean csrfOk(String given) {
        return !authEnabled || (session != null && Sessions.same(session.csrf(), given));
    }
}
