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
    private String localCsrf;

    /** Authentication off: anybody, and the forms carry the installation's local CSRF token. */
    void open(String localCsrf) {
        this.authEnabled = false;
        this.localCsrf = localCsrf;
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

    /**
     * The token every state-changing form carries: the session's, or with authentication off the local one — a page on
     * another site must not be able to pin a baseline or run a monitor in a developer's local Shakedown either.
     */
    public String csrf() {
        return session != null ? session.csrf() : localCsrf == null ? "" : localCsrf;
    }

    /** A form's CSRF token matches this visitor's, whatever the authentication setting. */
    public boolean csrfOk(String given) {
        String expected = csrf();
        return !expected.isEmpty() && Sessions.same(expected, given);
    }
}
