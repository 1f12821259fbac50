package io.shakedown.api;

import io.shakedown.document.DocumentError;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** Thrown by resources to answer with a problem document; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false); // expected outcome: no stack trace needed
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 naming the bad query or path parameter. */
    public static ProblemException badParameter(String name, String message) {
        return badParameters(List.of(new DocumentError(name, message, null)));
    }

    /** 400 naming each bad parameter (or body field) with what it accepts. */
    public static ProblemException badParameters(List<DocumentError> errors) {
        String detail = String.join("\n", errors.stream().map(DocumentError::toString).toList());
        return new ProblemException(new Problem(Problem.TYPE_BASE + "invalid-parameter", "Invalid parameter",
                400, detail, null, errors));
    }

    public static ProblemException of(Status status, String type, String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + type, status.getReasonPhrase(),
                status.getStatusCode(), detail, null, null));
    }
}
