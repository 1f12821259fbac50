package io.shakedown.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shakedown.probe.CappedBody;
import io.shakedown.spec.CheckSpec;
import io.shakedown.spec.Template;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fills in {@code ${...}} templates when a check or step runs. The spec parser has already made sure every
 * reference names something that exists (a declared secret, an earlier capture, an earlier step); what can
 * still be missing at run time is a value in a response, which fails the step with {@link Unresolvable}.
 *
 * <p>A string that is exactly one {@code ${...}} inside a JSON body or a JSON {@code equals} keeps the JSON type
 * of its value (a captured number stays a number); everywhere else values become text.
 */
public final class TemplateResolver {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A reference whose value is not there at run time. */
    public static final class Unresolvable extends Exception {
        Unresolvable(String message) {
            super(message, null, false, false);
        }
    }

    /** What an earlier step sent and got, for {@code ${steps[N]...}}. */
    record StepRecord(CheckSpec.RequestSpec request, HttpResponse<CappedBody> response) {}

    private final Map<String, String> secrets;
    private final Map<String, JsonNode> captures = new LinkedHashMap<>();
    private final List<StepRecord> steps = new ArrayList<>();

    public TemplateResolver(Map<String, String> secrets) {
        this.secrets = secrets;
    }

    /** Endpoint checks with their templates (generators and secrets only; the parser allows nothing else) filled in. */
    public static List<CheckSpec> resolveChecks(List<CheckSpec> checks, Map<String, String> secrets) {
        var resolver = new TemplateResolver(secrets);
        var out = new ArrayList<CheckSpec>();
        for (CheckSpec c : checks) {
            try {
                out.add(new CheckSpec(c.name(), resolver.request(c.request()), resolver.expect(c.expect())));
            } catch (Unresolvable e) {
                throw new IllegalStateException("check " + c.name() + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    void capture(String name, JsonNode value) {
        captures.put(name, value);
    }

    /** A text a browser flow captured (a selector's visible text), for ${name} in its later steps. */
    public void captureText(String name, String value) {
        captures.put(name, MAPPER.getNodeFactory().textNode(value));
    }

    /** The step about to be sent: from now on ${steps[N].request...} of it resolves (its expect may use it). */
    void beginStep(CheckSpec.RequestSpec request) {
        steps.add(new StepRecord(request, null));
    }

    /** What the step just sent got back. */
    void endStep(HttpResponse<CappedBody> response) {
        StepRecord last = steps.removeLast();
        steps.add(new StepRecord(last.request(), response));
    }

    public CheckSpec.RequestSpec request(CheckSpec.RequestSpec r) throws Unresolvable {
        var headers = new LinkedHashMap<String, String>();
        for (var e : r.headers().entrySet()) headers.put(e.getKey(), text(e.getValue()));
        var query = new LinkedHashMap<String, String>();
        for (var e : r.query().entrySet()) query.put(e.getKey(), text(e.getValue()));
        return new CheckSpec.RequestSpec(r.method(), text(r.path()), headers, query,
                r.body() == null ? null : text(r.body()), r.json() == null ? null : json(r.json()), r.timeout());
    }

    public CheckSpec.Expect expect(CheckSpec.Expect e) throws Unresolvable {
        var json = new ArrayList<CheckSpec.JsonAssertion>();
        for (CheckSpec.JsonAssertion a : e.json()) {
            json.add(a.equals() == null ? a : new CheckSpec.JsonAssertion(a.path(), json(a.equals()), a.type(), a.exists(),
                    a.minSize(), a.maxSize(), a.matches()));
        }
        CheckSpec.BodyExpect body = e.body() == null || e.body().contains() == null ? e.body()
                : new CheckSpec.BodyExpect(text(e.body().contains()), e.body().matches());
        return new CheckSpec.Expect(e.status(), e.headers(), List.copyOf(json), body, e.maxDuration(), e.schema());
    }

    public String text(String s) throws Unresolvable {
        if (!Template.mayHaveRefs(s)) return s;
        Template t = parse(s);
        var out = new StringBuilder();
        for (Template.Part p : t.parts()) {
            if (p instanceof Template.Literal l) out.append(l.text());
            else out.append(asText(value((Template.Ref) p)));
        }
        return out.toString();
    }

    public JsonNode json(JsonNode n) throws Unresolvable {
        if (n.isTextual()) {
            if (!Template.mayHaveRefs(n.textValue())) return n;
            Template.Ref sole = parse(n.textValue()).soleRef();
            return sole != null ? value(sole) : TextNode.valueOf(text(n.textValue()));
        }
        if (n instanceof ObjectNode o) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (var e : o.properties()) copy.set(e.getKey(), json(e.getValue()));
            return copy;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : a) copy.add(json(item));
            return copy;
        }
        return n;
    }

    private static Template parse(String s) throws Unresolvable {
        try {
            return Template.parse(s);
        } catch (Template.Invalid e) {
            throw new Unresolvable(e.getMessage()); // the parser refuses these; kept for safety
        }
    }

    private JsonNode value(Template.Ref ref) throws Unresolvable {
        return switch (ref) {
            case Template.Generator g -> TextNode.valueOf(generate(g.expression()));
            case Template.Secret s -> {
                String v = secrets.get(s.name());
                if (v == null) throw new Unresolvable("secret " + s.name() + " has no value");
                yield TextNode.valueOf(v);
            }
            case Template.Capture c -> {
                JsonNode v = captures.get(c.name());
                if (v == null) throw new Unresolvable("${" + c.name() + "} has no value (its capture did not run)");
                yield v;
            }
            case Template.StepRef s -> stepValue(s);
            // the parser allows service addresses only in env and command (checks go to the app, not the run's network)
            case Template.ServiceRef s -> throw new Unresolvable("${" + s.expression() + "} is only for env and command");
        };
    }

    private JsonNode stepValue(Template.StepRef s) throws Unresolvable {
        if (s.index() >= steps.size()) throw new Unresolvable("${" + s.expression() + "}: steps[" + s.index() + "] has not run");
        StepRecord step = steps.get(s.index());
        JsonNode v = null;
        if (s.side().equals("request")) {
            CheckSpec.RequestSpec r = step.request();
            v = switch (s.field()) {
                case "path" -> TextNode.valueOf(r.path());
                case "body" -> r.body() == null ? null : TextNode.valueOf(r.body());
                case "json" -> walk(r.json(), s.rest());
                case "headers" -> r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(s.rest()))
                        .findFirst().map(e -> (JsonNode) TextNode.valueOf(e.getValue())).orElse(null);
                default -> r.query().containsKey(s.rest()) ? TextNode.valueOf(r.query().get(s.rest())) : null;
            };
        } else if (step.response() != null) {
            HttpResponse<CappedBody> resp = step.response();
            byte[] body = resp.body() == null ? new byte[0] : resp.body().bytes();
            v = switch (s.field()) {
                case "status" -> IntNode.valueOf(resp.statusCode());
                case "body" -> TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
                case "json" -> {
                    try {
                        yield walk(MAPPER.readTree(body), s.rest());
                    } catch (IOException e) {
                        throw new Unresolvable("${" + s.expression() + "}: the response of steps[" + s.index() + "] is not JSON");
                    }
                }
                default -> resp.headers().firstValue(s.rest()).map(h -> (JsonNode) TextNode.valueOf(h)).orElse(null);
            };
        }
        if (v == null || v.isMissingNode()) throw new Unresolvable("${" + s.expression() + "} has no value");
        return v;
    }

    /** A dotted path (a.b.0.c) into a JSON tree; null when absent. */
    private static JsonNode walk(JsonNode node, String dotted) {
        if (node == null || dotted == null) return node;
        for (String key : dotted.split("\\.")) {
            node = node.isArray() && key.matches("[0-9]+") ? node.get(Integer.parseInt(key)) : node.get(key);
            if (node == null) return null;
        }
        return node;
    }

    static String asText(JsonNode v) {
        return v.isTextual() ? v.textValue() : v.toString();
    }

    /** Fresh values each time they are used, so a flow can sign up a new user on every run. */
    static String generate(String name) {
        return switch (name) {
            case "uuid" -> UUID.randomUUID().toString();
            case "random.email" -> "shakedown+" + HexFormat.of().formatHex(bytes(6)) + "@example.com";
            case "random.password" -> password();
            case "timestamp" -> String.valueOf(System.currentTimeMillis());
            default -> throw new IllegalArgumentException("unknown generator " + name);
        };
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** 20 characters with at least one upper-case letter, lower-case letter, digit and symbol (common password rules). */
    private static String password() {
        String upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!#%+-=_";
        String all = upper + lower + digits + symbols;
        var chars = new ArrayList<Character>();
        chars.add(upper.charAt(RANDOM.nextInt(upper.length())));
        chars.add(lower.charAt(RANDOM.nextInt(lower.length())));
        chars.add(digits.charAt(RANDOM.nextInt(digits.length())));
        chars.add(symbols.charAt(RANDOM.nextInt(symbols.length())));
        while (chars.size() < 20) chars.add(all.charAt(RANDOM.nextInt(all.length())));
        Collections.shuffle(chars, RANDOM);
        var sb = new StringBuilder();
        chars.forEach(sb::append);
        return sb.toString();
    }
}
