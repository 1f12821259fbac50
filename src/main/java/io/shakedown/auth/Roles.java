package io.shakedown.auth;

/**
 * The roles the resources declare ({@code @RolesAllowed}); who holds which is decided in one place,
 * {@link TokenIdentityProvider} for bearer tokens and the web UI's session provider for cookies (docs/api.md, "Who may
 * call what").
 */
public final class Roles {
    /** The admin token: /api/v1/admin (projects and tokens) and nothing else. */
    public static final String ADMIN = "admin";
    /** A project's token or a GitHub OIDC token bound to a project: the project's runs, gates, monitors, baselines. */
    public static final String PROJECT = "project";
    /** A browser signed in to the web UI (as a project, or as the admin seeing every project). */
    public static final String UI = "ui";

    /** The identity attribute naming the project a caller acts for (absent: every project, or none). */
    public static final String PROJECT_ATTRIBUTE = "shakedown.project";
    /** The identity attribute set on callers that may see every project (the admin's UI session, local mode). */
    public static final String ALL_PROJECTS_ATTRIBUTE = "shakedown.all-projects";

    private Roles() {}
}
