package io.shakedown.ui;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.shakedown.auth.ProjectStore;
import io.shakedown.auth.Tokens;
import io.shakedown.service.ShakedownConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Sign-in with a project token (or the admin token) and sign-out. The sign-in form is protected against login
 * CSRF by a double-submitted nonce (a short-lived cookie and a hidden field that must match); every form after
 * sign-in carries the session's CSRF token. After sign-in the browser goes back to the page it asked for.
 */
@PermitAll
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {
    @Inject ShakedownConfig config;
    @Inject ProjectStore projects;
    @Inject Sessions sessions;
    @Inject Visitor visitor;
    @Inject UiErrors errors;
    @Inject @Location("ui/login.html") Template login;

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/runs")).build();
    }

    @GET
    @Path("login")
    public Response form(@RestQuery String next, @Context UriInfo uri) {
        if (!config.auth().enabled()) return Response.seeOther(URI.create(safeNext(next))).build();
        return page(Response.Status.OK, next, null, uri);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm String token, @RestForm String next, @RestForm String nonce,
                           @CookieParam(Sessions.LOGIN_COOKIE) String nonceCookie, @Context UriInfo uri) {
        if (!config.auth().enabled()) return Response.seeOther(URI.create(safeNext(next))).build();
        if (!Sessions.same(nonce, nonceCookie)) {
            return page(Response.Status.FORBIDDEN, next, "The sign-in form expired or came from another site: please sign in again.", uri);
        }
        String given = token == null ? "" : token.trim();
        Optional<Sessions.Session> session;
        if (given.isEmpty()) {
            session = Optional.empty();
        } else if (Tokens.sameSecret(given, config.auth().adminToken().orElse(""))) {
            session = Optional.of(sessions.openAdmin(given));
        } else {
            String hash = Tokens.sha256Hex(given);
            session = projects.projectOfTokenHash(hash).map(p -> sessions.openProject(p, hash));
        }
        if (session.isEmpty()) {
            return page(Response.Status.UNAUTHORIZED, next, given.isEmpty() ? "Paste a token." : "That token is unknown, revoked or expired.", uri);
        }
        return Response.seeOther(URI.create(safeNext(next)))
                .cookie(cookie(uri, Sessions.COOKIE, sessions.encode(session.get()), (int) sessions.lifetime().toSeconds()),
                        cookie(uri, Sessions.LOGIN_COOKIE, "", 0))
                .build();
    }

    @POST
    @Path("logout")
    @RolesAllowed(Roles.UI)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@RestForm String csrf, @Context UriInfo uri) {
        if (!visitor.csrfOk(csrf)) return errors.forbidden();
        return Response.seeOther(URI.create(config.auth().enabled() ? "/login" : "/runs"))
                .cookie(cookie(uri, Sessions.COOKIE, "", 0)).build();
    }

    private Response page(Response.Status status, String next, String error, UriInfo uri) {
        String nonce = Sessions.random();
        TemplateInstance page = login.data("next", safeNext(next)).data("nonce", nonce).data("error", error);
        return Response.status(status).entity(page).type(MediaType.TEXT_HTML_TYPE)
                .cookie(cookie(uri, Sessions.LOGIN_COOKIE, nonce, 1800)).build();
    }

    /** Only a path on this site (never //host or a scheme): an open redirect would turn the sign-in page into a phishing aid. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.startsWith("/login")) return "/runs";
        try {
            URI.create(next);
        } catch (IllegalArgumentException e) { // "/a b" (a hand-edited ?next): the redirect would otherwise be a 500
            return "/runs";
        }
        return next;
    }

    /** HttpOnly, SameSite=Lax, Secure when the request came over TLS; max age 0 deletes. */
    static NewCookie cookie(UriInfo uri, String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).sameSite(NewCookie.SameSite.LAX)
                .secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme())).maxAge(maxAge).build();
    }
}
