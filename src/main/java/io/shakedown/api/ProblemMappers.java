package io.shakedown.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error into {@code application/problem+json}: ours, the framework's (404 no such resource,
 * 405, 406, 415, ...), Jackson's, and anything unexpected (logged; the client gets an incident id, never a stack trace).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = withInstance(e.problem(), uri).toResponse();
        return e.problem().status() == 401
                ? Response.fromResponse(response).header("WWW-Authenticate", "Bearer realm=\"shakedown\"").build()
                : response;
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 404 -> "no resource at " + uri.getPath();
            case 405 -> "method not allowed on " + uri.getPath();
            case 415 -> "unsupported content type; see docs/api.md for accepted types";
            default -> e.getMessage();
        };
        Response.ResponseBuilder r = Response.fromResponse(withInstance(Problem.of(status, detail), uri).toResponse());
        // keep headers the framework set on purpose (Allow on 405, Retry-After, ...)
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> r.header(name, v));
            }
        });
        return r.build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return withInstance(Problem.of(Response.Status.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage()), uri).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "incident %s: unhandled error on %s", incident, uri.getPath());
        return withInstance(Problem.of(Response.Status.INTERNAL_SERVER_ERROR,
                "internal error; the server log has the details under incident " + incident), uri).toResponse();
    }

    private static Problem withInstance(Problem p, UriInfo uri) {
        return p.instance() != null ? p
                : new Problem(p.type(), p.title(), p.status(), p.detail(), uri.getPath(), p.errors());
    }
}
