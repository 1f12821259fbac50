package io.shakedown.spec;

import io.shakedown.document.DocumentPath;
import io.shakedown.document.DidYouMean;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Checks every {@code ${...}} in a check's or step's request and expectations: it must read, and what it
 * names must exist (a declared secret, a capture of an earlier step, an earlier step's field).
 */
final class TemplateScope {
    /** What a flow step's templates may refer to. */
    record FlowScope(Map<String, Integer> capturedBefore, Map<String, Integer> allCaptures,
                             Set<String> used, List<ObjectNode> rawSteps) {}

    private final Set<String> secrets;
    private final FlowScope flow; // null for an endpoint check
    private final int step;
    private final BiConsumer<DocumentPath, String> error;
    private boolean inExpect; // a step's expect may also use what this very step sent
    private boolean browser; // a browser flow's step: no requests to refer to

    TemplateScope(Set<String> secrets, FlowScope flow, int step, BiConsumer<DocumentPath, String> error) {
        this.secrets = secrets;
        this.flow = flow;
        this.step = step;
        this.error = error;
    }

    private void error(DocumentPath p, String message) {
        error.accept(p, message);
    }

    /**
     * Every string of a browser flow's step ({@code open}'s path, {@code fill}'s value, {@code expect}'s text, ...):
     * a secret must be declared, a capture made by an earlier step of the same browser flow; step references and
     * service addresses mean nothing in a browser.
     */
    void checkBrowserStep(DocumentPath at, ObjectNode stepNode) {
        browser = true;
        stepNode.properties().forEach(e -> strings(at.key(e.getKey()), e.getValue()));
    }

    void check(DocumentPath at, ObjectNode obj) {
        if (obj.get("request") instanceof ObjectNode req) {
            DocumentPath r = at.key("request");
            strings(r.key("path"), req.get("path"));
            strings(r.key("body"), req.get("body"));
            strings(r.key("json"), req.get("json"));
            if (req.get("headers") instanceof ObjectNode h) h.properties().forEach(e -> strings(r.key("headers").key(e.getKey()), e.getValue()));
            if (req.get("query") instanceof ObjectNode q) q.properties().forEach(e -> strings(r.key("query").key(e.getKey()), e.getValue()));
        }
        if (obj.get("expect") instanceof ObjectNode exp) {
            inExpect = true;
            DocumentPath e = at.key("expect");
            if (exp.get("json") instanceof ObjectNode j) {
                j.properties().forEach(a -> {
                    if (a.getValue().isValueNode()) strings(e.key("json").key(a.getKey()), a.getValue());
                    else strings(e.key("json").key(a.getKey()).key("equals"), a.getValue().get("equals"));
                });
            }
            if (exp.get("body") instanceof ObjectNode b) strings(e.key("body").key("contains"), b.get("contains"));
        }
    }

    private void strings(DocumentPath p, JsonNode v) {
        if (v == null) return;
        if (v.isTextual()) {
            if (!Template.mayHaveRefs(v.textValue())) return;
            try {
                for (Template.Ref ref : Template.parse(v.textValue()).refs()) ref(p, ref);
            } catch (Template.Invalid e) {
                error(p, e.getMessage());
            }
        } else if (v.isObject()) {
            v.properties().forEach(e -> strings(p.key(e.getKey()), e.getValue()));
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) strings(p.index(i), v.get(i));
        }
    }

    private void ref(DocumentPath p, Template.Ref ref) {
        String used = "uses ${" + ref.expression() + "}";
        switch (ref) {
            case Template.Generator g -> { }
            case Template.Secret s -> {
                if (!secrets.contains(s.name())) {
                    error(p, used + ", but " + "\"" + s.name() + "\"" + " is not declared under secrets"
                            + (secrets.isEmpty() ? "; add secrets: [" + s.name() + "]"
                            : DidYouMean.suggestion(s.name(), List.copyOf(secrets), "; declared: " + String.join(", ", new TreeSet<>(secrets)))));
                }
            }
            case Template.Capture c -> {
                if (flow == null) {
                    error(p, used + ", but an endpoint check has no captures; captures exist in flows "
                            + "(checks may use ${uuid}, ${random.email}, ${random.password}, ${timestamp} and ${secrets.NAME})");
                } else if (flow.capturedBefore().containsKey(c.name())) {
                    flow.used().add(c.name());
                } else if (flow.allCaptures().containsKey(c.name())) {
                    int at = flow.allCaptures().get(c.name());
                    error(p, used + ", but \"" + c.name() + "\" is captured only " + (at == step ? "by this step" : "later, by steps[" + at + "]")
                            + "; a step can use only what earlier steps captured");
                } else {
                    var before = new TreeSet<>(flow.capturedBefore().keySet());
                    error(p, used + ", but no earlier step of this flow captures \"" + c.name() + "\""
                            + DidYouMean.suggestion(c.name(), List.copyOf(flow.allCaptures().keySet()),
                            before.isEmpty() ? "; nothing is captured before this step" : "; captured before this step: " + String.join(", ", before)));
                }
            }
            case Template.ServiceRef s when browser -> error(p, used + ", but a browser step talks to the app's pages only");
            case Template.StepRef s when browser -> error(p, used + ", but a browser step has no HTTP request to refer to"
                    + " (capture a selector's text with capture: { name: { selector: … } } and use ${name})");
            case Template.ServiceRef s -> error(p, used + ", but a service address is for env and command (target, services, jobs):"
                    + " checks and flows talk to the app, which reaches its services on the run's network");
            case Template.StepRef s -> {
                if (flow == null) {
                    error(p, used + ", but an endpoint check has no steps; step references exist in flows");
                } else if (s.index() > step || (s.index() == step && !(inExpect && s.side().equals("request")))) {
                    error(p, used + ", but a step can only refer to earlier steps (this is steps[" + step + "])"
                            + (s.index() == step ? "; its own request only in its expect" : ""));
                } else if (s.side().equals("request")) {
                    ObjectNode earlier = flow.rawSteps().get(s.index());
                    JsonNode req = earlier == null ? null : earlier.get("request");
                    String missing = missingRequestField(req, s);
                    if (missing != null) error(p, used + ", but steps[" + s.index() + "].request " + missing);
                }
            }
        }
    }

    private String missingRequestField(JsonNode req, Template.StepRef s) {
        if (!(req instanceof ObjectNode r)) return null; // its own error is reported where it is
        switch (s.field()) {
            case "json" -> {
                JsonNode node = r.get("json");
                if (node == null) return "sends no json";
                if (s.rest() == null) return null;
                for (String key : s.rest().split("\\.")) {
                    node = node.isArray() && key.matches("[0-9]+") ? node.get(Integer.parseInt(key)) : node.get(key);
                    if (node == null) return "json has no field " + s.rest();
                }
                return null;
            }
            case "body" -> {
                return r.has("body") ? null : "sends no body (a json body is steps[N].request.json)";
            }
            case "headers", "query" -> {
                JsonNode m = r.get(s.field());
                boolean found = false;
                if (m instanceof ObjectNode o) {
                    for (var it = o.fieldNames(); it.hasNext(); ) {
                        String k = it.next();
                        if (s.field().equals("headers") ? k.equalsIgnoreCase(s.rest()) : k.equals(s.rest())) found = true;
                    }
                }
                return found ? null : "has no " + (s.field().equals("headers") ? "header " : "query parameter ") + s.rest();
            }
            default -> {
                return null;
            }
        }
    }
}
