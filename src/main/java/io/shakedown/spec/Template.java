package io.shakedown.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${...}} templating of request and expectation strings, parsed. What may appear inside:
 * <ul>
 *   <li>a generator: {@code uuid}, {@code random.email}, {@code random.password}, {@code timestamp}</li>
 *   <li>a secret: {@code secrets.NAME} (declared under {@code secrets})</li>
 *   <li>a capture of an earlier step of the same flow: {@code userId}</li>
 *   <li>what an earlier step sent or got: {@code steps[0].request.json.email}, {@code steps[1].response.headers.Location}</li>
 *   <li>a backing service's address (env and command of the target, services and jobs): {@code services.db.host},
 *       {@code services.db.port}</li>
 * </ul>
 * {@code $${} writes a literal {@code ${}.
 */
public final class Template {
    public static final List<String> GENERATORS = List.of("uuid", "random.email", "random.password", "timestamp");
    public static final List<String> REQUEST_FIELDS = List.of("path", "body", "json", "headers", "query");
    public static final List<String> RESPONSE_FIELDS = List.of("status", "body", "json", "headers");

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET = Pattern.compile("secrets\\.(.*)");
    private static final Pattern SERVICE = Pattern.compile("services\\.([^.]*)\\.(host|port)");
    private static final Pattern STEP = Pattern.compile("steps\\[([0-9]{1,4})]\\.(request|response)\\.([A-Za-z]+)(?:\\.(.+))?");

    /** A piece of a template string. */
    public sealed interface Part permits Literal, Ref {}

    public record Literal(String text) implements Part {}

    /** A {@code ${...}} reference; {@code expression} is what was written between the braces. */
    public sealed interface Ref extends Part permits Generator, Secret, Capture, StepRef, ServiceRef {
        String expression();
    }

    public record Generator(String expression) implements Ref {}

    public record Secret(String expression, String name) implements Ref {}

    public record Capture(String expression, String name) implements Ref {}

    /** {@code services.NAME.host} or {@code services.NAME.port}: where the app reaches a backing service. */
    public record ServiceRef(String expression, String service, String field) implements Ref {}

    /** {@code steps[index].side.field.rest}: side request|response; rest is a dotted path (json) or a name (headers, query). */
    public record StepRef(String expression, int index, String side, String field, String rest) implements Ref {}

    /** A template that could not be read: what is wrong with it. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    public List<Part> parts() {
        return parts;
    }

    /** The single reference when the whole string is exactly one {@code ${...}} (its value keeps its JSON type). */
    public Ref soleRef() {
        return parts.size() == 1 && parts.get(0) instanceof Ref r ? r : null;
    }

    public List<Ref> refs() {
        return parts.stream().filter(p -> p instanceof Ref).map(p -> (Ref) p).toList();
    }

    /** Quick test without parsing. */
    public static boolean mayHaveRefs(String s) {
        return s != null && s.contains("${");
    }

    public static Template parse(String s) throws Invalid {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) throw new Invalid("has an unterminated ${ at position " + i + " (write $${ for a literal ${)");
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(ref(s.substring(i + 2, end).strip()));
                i = end + 1;
            } else {
                literal.append(s.charAt(i++));
            }
        }
        if (!literal.isEmpty()) parts.add(new Literal(literal.toString()));
        return new Template(List.copyOf(parts));
    }

    private static Ref ref(String expr) throws Invalid {
        if (expr.isEmpty()) throw new Invalid("has an empty ${}");
        if (GENERATORS.contains(expr)) return new Generator(expr);
        Matcher m = SECRET.matcher(expr);
        if (m.matches()) return new Secret(expr, m.group(1));
        if (expr.startsWith("services.")) {
            m = SERVICE.matcher(expr);
            if (!m.matches()) throw new Invalid("uses ${" + expr + "}; a service address is ${services.NAME.host} or ${services.NAME.port}");
            return new ServiceRef(expr, m.group(1), m.group(2));
        }
        if (expr.startsWith("steps")) {
            m = STEP.matcher(expr);
            if (!m.matches()) {
                throw new Invalid("uses ${" + expr + "}; a step reference looks like ${steps[0].request.json.email}"
                        + " or ${steps[1].response.headers.Location}");
            }
            String side = m.group(2);
            String field = m.group(3);
            List<String> fields = side.equals("request") ? REQUEST_FIELDS : RESPONSE_FIELDS;
            if (!fields.contains(field)) {
                throw new Invalid("uses ${" + expr + "}; steps[N]." + side + " has " + String.join(", ", fields) + ", not " + field);
            }
            boolean needsRest = field.equals("json") || field.equals("headers") || field.equals("query");
            if (needsRest && m.group(4) == null && !field.equals("json")) {
                throw new Invalid("uses ${" + expr + "}; name the " + (field.equals("headers") ? "header" : "parameter")
                        + ", like steps[0]." + side + "." + field + ".Name");
            }
            if (!needsRest && m.group(4) != null) {
                throw new Invalid("uses ${" + expr + "}; steps[N]." + side + "." + field + " has no fields");
            }
            return new StepRef(expr, Integer.parseInt(m.group(1)), side, field, m.group(4));
        }
        if (IDENTIFIER.matcher(expr).matches()) return new Capture(expr, expr);
        if (expr.startsWith("random.")) {
            throw new Invalid("uses ${" + expr + "}; the generators are " + String.join(", ", GENERATORS));
        }
        throw new Invalid("uses ${" + expr + "}, which is not a generator (" + String.join(", ", GENERATORS)
                + "), a secret (secrets.NAME), a capture name, a step reference (steps[0].request.json.email) or a service address (services.db.host)");
    }
}
