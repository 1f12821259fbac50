package io.shakedown.auth;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who is calling, as Quarkus Security authenticated them ({@link BearerTokenMechanism}, the web UI's session
 * mechanism): the project whose runs this request may see. Null project for a caller that sees every project (the
 * admin's UI session; everyone with authentication switched off).
 */
@RequestScoped
public class Caller {
    @Inject SecurityIdentity identity;

    /** The caller's project; null when it may see every project. Nobody identified: 401 (never "every project"). */
    public String project() {
        String project = identity.getAttribute(Roles.PROJECT_ATTRIBUTE);
        if (project != null) return project;
        if (Boolean.TRUE.equals(identity.getAttribute(Roles.ALL_PROJECTS_ATTRIBUTE))) return null;
        throw new UnauthorizedException();
    }

    /** Whether the request carried credentials that verified (an endpoint open to all can then still scope by project). */
    public boolean identified() {
        return !identity.isAnonymous();
    }
}
