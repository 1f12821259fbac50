package io.shakedown.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.shakedown.document.DocumentError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error into {@code application/problem+json}: ours, the framework's (404 no such resource,
 * 405, 406, 415, ...), a typed parameter that did not convert or broke its constraint (400 naming it, see
 * {@link TypedParameters}), a JSON body that is malformed or of the wrong shape (400 saying what was expected), and
 * anything unexpected (logged; the client gets an incident id, never a stack trace).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    /** The problem document as a response (a 401 names the scheme to use, RFC 9110). */
    static Response respond(Problem problem, UriInfo uri) {
        Response response = withInstance(problem, uri).toResponse();
        return problem.status() == 401
                ? Response.fromResponse(response).header("WWW-Authenticate", "Bearer realm=\"shakedown\"").build()
                : response;
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // the framework wraps what a parameter converter or the JSON reader threw (in a 404 for a path or query parameter)
        if (e.getCause() instanceof ProblemException p) return problem(p, uri);
        if (e.getCause() instanceof MismatchedInputException m) return bodyShape(m, uri);
        if (e.getCause() instanceof JsonProcessingException j) return json(j, uri);
        if (e.getCause() != null && e.getResponse().getStatus() == 404) {
            // a parameter of a type TypedParameters does not convert: still the client's mistake, not a missing resource
            return withInstance(Problem.of(Response.Status.BAD_REQUEST, "a query or path parameter does not have the expected type: "
                    + e.getCause().getMessage()), uri).toResponse();
        }
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

    /** A constraint of a typed parameter ({@code @Min}, {@code @Pattern}, ...) or of a body field; each named. */
    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, ResourceInfo resource, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(v -> leaf(v).getKind() == ElementKind.RETURN_VALUE)) return unexpected(e, uri);
        List<DocumentError> errors = e.getConstraintViolations().stream().map(v -> violation(v, resource.getResourceMethod()))
                .sorted(Comparator.comparing(DocumentError::path)).toList();
        return problem(ProblemException.badParameters(errors), uri);
    }

    private static DocumentError violation(ConstraintViolation<?> v, Method method) {
        var fields = new ArrayList<String>();
        Parameter parameter = null;
        for (Path.Node n : v.getPropertyPath()) {
            if (n.getKind() == ElementKind.PARAMETER && method != null) {
                parameter = method.getParameters()[n.as(Path.ParameterNode.class).getParameterIndex()];
            } else if (n.getKind() == ElementKind.PROPERTY || n.getKind() == ElementKind.CONTAINER_ELEMENT) {
                fields.add(n.getName());
            }
        }
        String got = ", got: " + v.getInvalidValue();
        String name = parameter == null ? null : TypedParameters.nameOf(parameter.getAnnotations());
        if (name != null && fields.isEmpty()) { // a query or path parameter
            return new DocumentError(name, TypedParameters.allowed(parameter.getType(), parameter.getAnnotations()) + got, null);
        }
        return new DocumentError(fields.isEmpty() ? leaf(v).getName() : String.join(".", fields), v.getMessage() + got, null);
    }

    private static Path.Node leaf(ConstraintViolation<?> v) {
        Path.Node last = null;
        for (Path.Node n : v.getPropertyPath()) last = n;
        return last;
    }

    /**
     * A JSON body Jackson could not bind: an array or a string where an object belongs, text where a number belongs.
     * Quarkus' own mapper would answer an empty 400 outside dev mode.
     */
    @ServerExceptionMapper
    public Response bodyShape(MismatchedInputException e, UriInfo uri) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        if (e instanceof UnrecognizedPropertyException u) {
            return problem(ProblemException.badParameter(path, "unknown field; allowed: " + u.getKnownPropertyIds()), uri);
        }
        String got = e instanceof InvalidFormatException f ? ", got: " + f.getValue() : given(e.getOriginalMessage());
        return problem(ProblemException.badParameter(path.isEmpty() ? "body" : path, "must be " + shape(e.getTargetType()) + got), uri);
    }

    /** What a JSON value bound to {@code type} looks like, as a person would say it. */
    private static String shape(Class<?> type) {
        if (type == null) return "a JSON value of another type";
        if (type.isRecord()) {
            return "a JSON object " + Arrays.stream(type.getRecordComponents()).map(c -> "\"" + c.getName() + "\": …")
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (type == String.class || type == Character.class || type == char.class) return "a string";
        if (type == UUID.class) return "a UUID (a string)";
        if (type.isEnum()) return "one of " + Arrays.toString(type.getEnumConstants());
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "a JSON array";
        return "a JSON object";
    }

    /**
     * What the body held instead, from Jackson's message ("... from Array value (token ...)"): by the time a mapper sees
     * the exception the parser is closed and no longer knows its token.
     */
    private static String given(String jacksonMessage) {
        Matcher m = JACKSON_SHAPE.matcher(jacksonMessage == null ? "" : jacksonMessage);
        if (!m.find()) return "";
        return ", got " + switch (m.group(1)) {
            case "Array" -> "an array";
            case "Object" -> "an object";
            case "String" -> "a string";
            case "Boolean" -> "a boolean";
            case "Null" -> "null";
            default -> "a number"; // Number, Integer, Floating-point
        };
    }

    private static final Pattern JACKSON_SHAPE = Pattern.compile("from (Array|Object|String|Boolean|Null|Number|Integer|Floating-point) value");

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        var duplicate = uniqueViolation(e);
        if (duplicate != null) {
            // two requests created the same name at once (or a rename met a name just taken): the loser checked before
            // the winner inserted, and the database's unique key decided
            return withInstance(new Problem(Problem.TYPE_BASE + "name-taken", "Conflict", 409, "the name is taken: another request "
                    + "created it at the same moment (" + duplicate + "); use another name, or change the existing one", null, null), uri)
                    .toResponse();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "incident %s: unhandled error on %s", incident, uri.getPath());
        return withInstance(Problem.of(Response.Status.INTERNAL_SERVER_ERROR,
                "internal error; the server log has the details under incident " + incident), uri).toResponse();
    }

    /** SQLState 23505 anywhere in the causes: what the database said about the key ("Key (project, name)=(a, b) already exists"), else null. */
    static String uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                Matcher key = DUPLICATE_KEY.matcher(String.valueOf(sql.getMessage()));
                return key.find() ? key.group(1) : "a unique key";
            }
        }
        return null;
    }

    private static final Pattern DUPLICATE_KEY = Pattern.compile("(Key \\(.*?\\)=\\(.*?\\) already exists)");

    private static Problem withInstance(Problem p, UriInfo uri) {
        return p.instance() != null ? p
                : new Problem(p.type(), p.title(), p.status(), p.detail(), uri.getPath(), p.errors());
    }
}
