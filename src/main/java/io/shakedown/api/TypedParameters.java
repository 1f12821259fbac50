package io.shakedown.api;

import io.shakedown.report.ReportFormat;
import jakarta.validation.Constraint;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Typed query and path parameters. Whole numbers, booleans, UUIDs and enums are converted here; their range and pattern
 * are checked by Bean Validation ({@code @Min}, {@code @Max}, {@code @Pattern}). What a parameter accepts is said in one
 * place, {@link #allowed}, whether its text did not convert (here) or its value broke a constraint ({@link ProblemMappers}):
 * {@code limit: must be a whole number from 1 to 200, got: ten}. A blank value counts as absent (its {@code @DefaultValue},
 * if any). Such a parameter is named in its annotation ({@code @RestQuery("limit")}): the name is how an error points at
 * it, so an unnamed one fails at startup rather than answer an anonymous 400. Other types keep the framework's
 * converters; a bad value of one of those is a 400 that cannot name the parameter.
 */
@Provider
public class TypedParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Function<String, Object> parse = parser(rawType);
        if (parse == null || !queryOrPath(annotations)) return null; // text stays text; forms and headers are the framework's
        String name = nameOf(annotations);
        if (name == null) {
            throw new IllegalStateException("a " + rawType.getSimpleName() + " query or path parameter needs its name in its annotation,"
                    + " e.g. @RestQuery(\"limit\"), so that a bad value is answered with an error naming it");
        }
        String allowed = allowed(rawType, annotations);
        String absent = defaultValue(annotations);
        return new ParamConverter<>() {
            @Override
            public T fromString(String text) {
                if (text == null || text.isBlank()) return absent == null ? null : fromString(absent);
                try {
                    return (T) parse.apply(text.trim());
                } catch (RuntimeException e) {
                    throw ProblemException.badParameter(name, allowed + ", got: " + text);
                }
            }

            @Override
            public String toString(T value) {
                return value instanceof ReportFormat f ? f.id() : String.valueOf(value);
            }
        };
    }

    private static Function<String, Object> parser(Class<?> type) {
        if (type == Integer.class || type == int.class) return Integer::valueOf;
        if (type == Long.class || type == long.class) return Long::valueOf;
        if (type == Boolean.class || type == boolean.class) return TypedParameters::bool;
        if (type == UUID.class) return UUID::fromString;
        if (type == ReportFormat.class) return s -> ReportFormat.byId(s).orElseThrow();
        if (type.isEnum()) return s -> constant(type, s);
        return null;
    }

    /**
     * What the parameter accepts, as "must be ...": a constraint's own message when it has one (the wording a
     * person needs, e.g. the setting that caps it), else said from its type and its {@code @Min}/{@code @Max}/{@code @Pattern}.
     */
    static String allowed(Class<?> type, Annotation[] annotations) {
        Long min = null, max = null;
        String regexp = null;
        for (Annotation a : annotations) {
            String own = ownMessage(a);
            if (own != null) return own;
            if (a instanceof Min m) min = m.value();
            if (a instanceof Max m) max = m.value();
            if (a instanceof Pattern p) regexp = p.regexp();
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number" + (min != null && max != null ? " from " + min + " to " + max
                    : min != null ? " >= " + min : max != null ? " <= " + max : "");
        }
        if (type == Boolean.class || type == boolean.class) return "must be true or false";
        if (type == UUID.class) return "must be a UUID";
        if (type == ReportFormat.class) return "must be one of " + ReportFormat.ids();
        if (type.isEnum()) return "must be one of " + constants(type) + " (any case)";
        return regexp != null ? "must match " + regexp : "is not allowed";
    }

    /** The parameter's name as its annotation gives it; null when it gives none. */
    static String nameOf(Annotation[] annotations) {
        for (Annotation a : annotations) {
            String name = switch (a) {
                case RestQuery q -> q.value();
                case RestPath p -> p.value();
                case QueryParam q -> q.value();
                case PathParam p -> p.value();
                default -> null;
            };
            if (name != null && !name.isEmpty()) return name;
        }
        return null;
    }

    private static boolean queryOrPath(Annotation[] annotations) {
        return Arrays.stream(annotations).anyMatch(a -> a instanceof RestQuery || a instanceof RestPath
                || a instanceof QueryParam || a instanceof PathParam);
    }

    private static String defaultValue(Annotation[] annotations) {
        for (Annotation a : annotations) if (a instanceof DefaultValue d) return d.value();
        return null;
    }

    /** A Bean Validation constraint's message when it is written out (not a {@code {jakarta.validation...}} key). */
    private static String ownMessage(Annotation a) {
        if (!a.annotationType().isAnnotationPresent(Constraint.class)) return null;
        try {
            String message = (String) a.annotationType().getMethod("message").invoke(a);
            return message.startsWith("{") ? null : message;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Boolean bool(String s) {
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException(s);
    }

    private static Object constant(Class<?> type, String s) {
        String wanted = s.toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(c -> ((Enum<?>) c).name().equals(wanted)).findFirst().orElseThrow();
    }

    private static String constants(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
    }
}
