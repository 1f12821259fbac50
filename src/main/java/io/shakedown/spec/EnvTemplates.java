package io.shakedown.spec;

import io.shakedown.document.DidYouMean;
import io.shakedown.document.DocumentPath;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The {@code ${...}} of container settings: env values and command arguments of the target, the services and the
 * jobs. They may name a declared secret ({@code ${secrets.NAME}}) or a declared service's address
 * ({@code ${services.db.host}}, {@code ${services.db.port}}); nothing else (no generators, captures or steps: there is
 * no request here). The parser checks them ({@link #check}); the engine fills them in as it creates each container
 * ({@link #resolve}), so secret values exist only in the run's memory and the container's environment.
 */
public final class EnvTemplates {
    private EnvTemplates() {}

    /** Reports every template of {@code value} (a string, or the strings of a mapping or list) that does not read or names nothing declared. */
    static void check(DocumentPath p, JsonNode value, Set<String> secrets, Set<String> services, BiConsumer<DocumentPath, String> error) {
        if (value == null) return;
        if (value.isObject()) {
            value.properties().forEach(e -> check(p.key(e.getKey()), e.getValue(), secrets, services, error));
            return;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) check(p.index(i), value.get(i), secrets, services, error);
            return;
        }
        if (!value.isTextual() || !Template.mayHaveRefs(value.textValue())) return;
        try {
            for (Template.Ref ref : Template.parse(value.textValue()).refs()) {
                String used = "uses ${" + ref.expression() + "}";
                switch (ref) {
                    case Template.Secret s when !secrets.contains(s.name()) -> error.accept(p, used + ", but \"" + s.name()
                            + "\" is not declared under secrets" + (secrets.isEmpty() ? "; add secrets: [" + s.name() + "]"
                            : DidYouMean.suggestion(s.name(), List.copyOf(secrets), "; declared: " + String.join(", ", new TreeSet<>(secrets)))));
                    case Template.Secret s -> { }
                    case Template.ServiceRef s when !services.contains(s.service()) -> error.accept(p, used + ", but there is no service \""
                            + s.service() + "\"" + (services.isEmpty() ? "; declare it under services"
                            : DidYouMean.suggestion(s.service(), List.copyOf(services), "; declared: " + String.join(", ", new TreeSet<>(services)))));
                    case Template.ServiceRef s -> { }
                    default -> error.accept(p, used + ", but env and command may use only ${secrets.NAME} and ${services.NAME.host}"
                            + " / ${services.NAME.port} (write $${ for a literal ${)");
                }
            }
        } catch (Template.Invalid e) {
            error.accept(p, e.getMessage());
        }
    }

    /** {@code env} with every template filled in. */
    public static Map<String, String> resolve(Map<String, String> env, Map<String, String> secrets, Map<String, ServiceSpec> services) {
        var out = new LinkedHashMap<String, String>();
        env.forEach((k, v) -> out.put(k, resolve(v, secrets, services)));
        return out;
    }

    /** {@code command} (null: the image's own) with every template filled in. */
    public static List<String> resolve(List<String> command, Map<String, String> secrets, Map<String, ServiceSpec> services) {
        if (command == null) return null;
        var out = new ArrayList<String>();
        command.forEach(a -> out.add(resolve(a, secrets, services)));
        return out;
    }

    /**
     * One value with its templates filled in. A service's host is its name (its alias on the run's network) and its
     * port the declared one: the app talks to the service directly, container to container.
     */
    public static String resolve(String value, Map<String, String> secrets, Map<String, ServiceSpec> services) {
        if (!Template.mayHaveRefs(value)) return value;
        try {
            var sb = new StringBuilder();
            for (Template.Part part : Template.parse(value).parts()) {
                sb.append(switch (part) {
                    case Template.Literal l -> l.text();
                    case Template.Secret s -> secrets.getOrDefault(s.name(), "");
                    case Template.ServiceRef s when s.field().equals("host") -> s.service();
                    case Template.ServiceRef s -> String.valueOf(services.get(s.service()).port());
                    case Template.Ref r -> "${" + r.expression() + "}"; // refused by the parser; kept as written
                });
            }
            return sb.toString();
        } catch (Template.Invalid e) {
            return value; // refused by the parser
        }
    }
}
