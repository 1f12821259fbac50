package io.shakedown.auth;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, set by the API's {@code AuthFilter}: the project whose runs this request may see. Null project with
 * authentication switched off (single-user mode: every run is visible).
 */
@RequestScoped
public class Caller {
    private String project;

    public String project() {
        return project;
    }

    public void project(String project) {
        this.project = project;
    }

    /** Set by the web UI's session filter (io.shakedown.ui) from a signed session cookie: the same scoping as a bearer token. */
    public void signedIn(String project) {
        this.project = project;
    }
}
