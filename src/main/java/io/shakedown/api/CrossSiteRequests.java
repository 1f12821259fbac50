package io.shakedown.api;

import io.shakedown.service.ShakedownConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps web pages from driving Shakedown through the visitor's browser. A page on another site can send a form or a
 * {@code text/plain} POST to {@code http://localhost:8080} without a CORS preflight; in local mode (no token asked
 * for) that would make the developer's Docker engine pull and run any image. So:
 * <ul>
 *   <li>a state-changing request a browser marks as coming from another origin ({@code Sec-Fetch-Site} other than
 *       same-origin or none, or an {@code Origin} that is not this server's) is refused, whatever the auth setting:
 *       neither the API (bearer tokens) nor the UI (same-origin forms) has a cross-site caller;</li>
 *   <li>with authentication off, a state-changing API request must say it is JSON or YAML: the content types a page
 *       can send without a preflight (text/plain, forms, multipart) are refused.</li>
 * </ul>
 * Clients that are not browsers (curl, the CLI, CI) send neither header and a JSON or YAML type: unaffected.
 */
public class CrossSiteRequests {
    private static final String API = "/api/v1/";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> BROWSER_SITES_ALLOWED = Set.of("same-origin", "none");

    @Inject ShakedownConfig config;

    @ServerRequestFilter(preMatching = true)
    public void refuseCrossSite(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) return;
        String site = request.getHeaderString("Sec-Fetch-Site");
        if (site != null && !BROWSER_SITES_ALLOWED.contains(site.strip().toLowerCase(Locale.ROOT))) {
            throw forbidden("a " + request.getMethod() + " from another site (Sec-Fetch-Site: " + site.strip() + ") is refused: "
                    + "Shakedown takes state-changing requests only from its own pages and from clients that are not browsers");
        }
        String origin = request.getHeaderString("Origin");
        // a browser that says Sec-Fetch-Site has said it all; older ones are judged by Origin against the Host they asked
        if (site == null && origin != null && !sameHost(origin, request.getHeaderString(HttpHeaders.HOST))) {
            throw forbidden("a " + request.getMethod() + " from origin " + origin.strip() + " is refused: "
                    + "Shakedown takes state-changing requests only from its own pages and from clients that are not browsers");
        }
        if (!config.auth().enabled() && request.getUriInfo().getRequestUri().getPath().startsWith(API)) {
            String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
            if (type != null && isSimple(type)) {
                throw ProblemException.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "cross-site-content-type",
                        "Content-Type " + type.strip() + " is refused with authentication off (a web page could send it from another site): "
                        + "send application/yaml or application/json");
            }
        }
    }

    /** The types an HTML form or a no-preflight fetch can send. */
    private static boolean isSimple(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT).strip();
        return t.startsWith("text/plain") || t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/form-data");
    }

    /**
     * The Origin's host and port against the Host header (the scheme is left out: behind a TLS-terminating proxy the
     * browser's https origin reaches us as plain http).
     */
    private static boolean sameHost(String origin, String host) {
        if (host == null) return false;
        try {
            URI o = URI.create(origin.strip());
            if (o.getScheme() == null || o.getHost() == null) return false; // "null": sandboxed frames, files
            String authority = o.getPort() >= 0 ? o.getHost() + ":" + o.getPort() : o.getHost();
            return authority.equalsIgnoreCase(host.strip()) || withoutDefaultPort(host.strip()).equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String host) {
        return host.endsWith(":80") || host.endsWith(":443") ? host.substring(0, host.lastIndexOf(':')) : host;
    }

    private static ProblemException forbidden(String detail) {
        return ProblemException.of(Response.Status.FORBIDDEN, "cross-site-request", detail);
    }
}
