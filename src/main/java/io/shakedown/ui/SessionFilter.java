package io.shakedown.ui;

import io.shakedown.auth.Caller;
import io.shakedown.auth.ProjectStore;
import io.shakedown.service.ShakedownConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The web UI's door: a page needs a valid session cookie (see {@link Sessions}); without one the browser is sent
 * to the sign-in page, which brings it back to the page it asked for. The session sets {@link Caller} exactly as a
 * bearer token does for the API, so a project sees only its own runs, apps and monitors. With
 * {@code shakedown.auth.enabled=false} every page is open.
 */
public class SessionFilter {
    /** The UI's pages (the API, /q and static files have their own rules). */
    static final List<String> PAGES = List.of("/runs", "/apps", "/compare", "/rules", "/monitors", "/logout");

    @Inject ShakedownConfig config;
    @Inject Sessions sessions;
    @Inject ProjectStore projects;
    @Inject Caller caller;
    @Inject Visitor visitor;

    static boolean isPage(String path) {
        if (path.equals("/")) return true;
        for (String p : PAGES) if (path.equals(p) || path.startsWith(p + "/")) return true;
        return false;
    }

    @ServerRequestFilter
    public Optional<Response> session(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!isPage(path)) return Optional.empty();
        if (!config.auth().enabled()) {
            visitor.open(sessions.localCsrf());
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        Optional<Sessions.Session> session = sessions.decode(cookie == null ? null : cookie.getValue()).filter(this::stillValid);
        if (session.isPresent()) {
            caller.signedIn(session.get().admin() ? null : session.get().project());
            visitor.signedIn(session.get());
            return Optional.empty();
        }
        var uri = request.getUriInfo().getRequestUri();
        String next = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if ("/logout".equals(path) || !"GET".equals(request.getMethod())) next = "/runs";
        return Optional.of(Response.seeOther(UriBuilder.fromPath("/login").queryParam("next", next).build()).build());
    }

    /** A project session lasts only while its token does: revoking the token signs the browser out. */
    private boolean stillValid(Sessions.Session s) {
        if (s.admin()) return true;
        return s.tokenHash() != null && projects.projectOfTokenHash(s.tokenHash()).filter(p -> p.equals(s.project())).isPresent();
    }
}
