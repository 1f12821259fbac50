package io.shakedown.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A NUL character ({@code %00}) in the path or a query parameter is refused up front with a 400 naming where it was:
 * no name, id, key or URL Shakedown stores can hold one, and PostgreSQL rejects it in any text parameter, so it would
 * otherwise surface as a 500 from whichever query first received it.
 */
public class NulCharacterFilter {

    @ServerRequestFilter(preMatching = true)
    public void refuseNul(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().indexOf('\0') >= 0) {
            throw ProblemException.badParameter("path", "must not contain a NUL character (%00)");
        }
        for (Map.Entry<String, List<String>> p : request.getUriInfo().getQueryParameters().entrySet()) {
            if (p.getKey().indexOf('\0') >= 0 || p.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                throw ProblemException.badParameter(p.getKey().replace('\0', '?'), "must not contain a NUL character (%00)");
            }
        }
    }
}
