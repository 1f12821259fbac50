package io.shakedown.ui;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The UI's error answers: short HTML pages (ui/error.html), never a stack trace. */
@ApplicationScoped
public class UiErrors {
    @Inject @Location("ui/error.html") Template error;

    Response forbidden() {
        return page(Response.Status.FORBIDDEN, "Forbidden", "This form is stale or came from another site (CSRF check failed). Reload the page and try again.");
    }

    /** Someone else's run is "not found" exactly like a missing one. */
    Response notFound(String what) {
        return page(Response.Status.NOT_FOUND, "Not found", what);
    }

    Response badRequest(String what) {
        return page(Response.Status.BAD_REQUEST, "Bad request", what);
    }

    /** Any other problem an API resource answered (e.g. 409 "still running"), with its own status and detail. */
    Response problem(int status, String detail) {
        var s = Response.Status.fromStatusCode(status);
        return page(s == null ? Response.Status.BAD_REQUEST : s, s == null ? "Refused" : s.getReasonPhrase(), detail);
    }

    private Response page(Response.Status status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(error.data("title", title).data("message", message)).build();
    }
}
