package io.shakedown.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code compose: { file: compose.yaml, service: app }}: the services of a Compose file become the spec's
 * {@code services:} and {@code jobs:}, and the service under test fills what the spec's {@code target} leaves out
 * (image, env, command, port). A transformation of the spec's tree before the schema check, so the result is checked
 * like a hand-written spec. What the spec writes wins over what the Compose file says. docs/spec.md#compose lists every
 * Compose field honoured, ignored and refused; problems name the Compose file, the field and its line.
 */
final class ComposeImport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Read and turned into the spec. */
    static final Set<String> HONOURED = Set.of("image", "environment", "env_file", "command", "depends_on", "healthcheck", "expose",
            "ports", "profiles", "mem_limit", "cpus", "deploy", "entrypoint", "tmpfs");
    /** Meaningless for a one-shot run on a network of its own: read past. */
    static final Set<String> IGNORED = Set.of("container_name", "restart", "labels", "logging", "networks", "hostname", "stop_grace_period",
            "stop_signal", "init", "pull_policy", "platform", "volumes");
    /** Refused with the reason: Shakedown would run something else than production. */
    static final Map<String, String> REFUSED = Map.of(
            "build", "Shakedown validates built images: pass the image (image: …, or target.image for the service under test)",
            "network_mode", "every service runs on the run's own network",
            "extends", "extends is not supported: write the service out",
            "secrets", "Compose secrets are not supported: use the spec's secrets and ${secrets.NAME} in env",
            "configs", "Compose configs are not supported: bake the file into the image",
            "privileged", "privileged containers are not started",
            "cap_add", "added capabilities are not granted",
            "devices", "devices are not passed to containers");

    /** Images whose port is known when the Compose file neither exposes nor publishes one. */
    private static final Map<String, Integer> WELL_KNOWN_PORTS = new LinkedHashMap<>();

    static {
        WELL_KNOWN_PORTS.put("postgres", 5432);
        WELL_KNOWN_PORTS.put("postgis", 5432);
        WELL_KNOWN_PORTS.put("mysql", 3306);
        WELL_KNOWN_PORTS.put("mariadb", 3306);
        WELL_KNOWN_PORTS.put("redis", 6379);
        WELL_KNOWN_PORTS.put("valkey", 6379);
        WELL_KNOWN_PORTS.put("mongo", 27017);
        WELL_KNOWN_PORTS.put("rabbitmq", 5672);
        WELL_KNOWN_PORTS.put("memcached", 11211);
    }

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final String file;
    private final Map<String, Integer> lines;
    private final Map<String, String> dotEnv;
    private final SpecFiles files;
    final List<DocumentError> errors = new ArrayList<>();

    private ComposeImport(String file, Map<String, Integer> lines, Map<String, String> dotEnv, SpecFiles files) {
        this.file = file;
        this.lines = lines;
        this.dotEnv = dotEnv;
        this.files = files;
    }

    /**
     * Expands the spec's {@code compose} into services, jobs and target fields (in place, {@code compose} removed);
     * returns the problems found (nothing is changed when there are any). No {@code compose}: nothing to do.
     */
    static List<DocumentError> expand(ObjectNode spec, Map<String, Integer> specLines, SpecFiles files) {
        JsonNode compose = spec.get("compose");
        if (compose == null) return List.of();
        Integer line = specLines.get("/compose");
        if (!compose.isObject() || !compose.path("file").isTextual() || !compose.path("service").isTextual()) {
            return List.of(new DocumentError("compose", "must be a mapping with file (the Compose file, next to the spec) and service (the service under test)", line));
        }
        for (var it = compose.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("file") && !key.equals("service")) return List.of(new DocumentError("compose." + key, "unknown field; compose has file and service", specLines.get("/compose/" + key)));
        }
        String file = compose.get("file").asText();
        String text;
        try {
            text = files.read(file);
        } catch (NoSuchFileException e) {
            return List.of(new DocumentError("compose.file", "no Compose file " + file + ": " + files.where(file), specLines.get("/compose/file")));
        } catch (IOException e) {
            return List.of(new DocumentError("compose.file", "could not read " + file + ": " + e.getMessage(), specLines.get("/compose/file")));
        }
        DocumentReader.Document doc = DocumentReader.read(text);
        if (!doc.errors().isEmpty()) {
            return doc.errors().stream().map(e -> new DocumentError(file + ": " + e.path(), e.message(), e.line())).toList();
        }
        var importer = new ComposeImport(file, doc.lines(), dotEnv(file, files), files);
        importer.apply(spec, doc.root(), compose.get("service").asText());
        if (importer.errors.isEmpty()) spec.remove("compose");
        return importer.errors;
    }

    private void apply(ObjectNode spec, JsonNode root, String under) {
        JsonNode services = root.path("services");
        if (!services.isObject() || services.isEmpty()) {
            error("services", "a Compose file needs services:", "/services");
            return;
        }
        if (!services.has(under)) {
            error("services", "no service " + under + " (compose.service); the file has " + String.join(", ", iterable(services.fieldNames())), "/services");
            return;
        }
        Set<String> jobNames = new HashSet<>();
        services.fields().forEachRemaining(e -> e.getValue().path("depends_on").fields().forEachRemaining(d -> {
            if ("service_completed_successfully".equals(d.getValue().path("condition").asText())) jobNames.add(d.getKey());
        }));
        ObjectNode target = spec.has("target") && spec.get("target").isObject() ? (ObjectNode) spec.get("target") : spec.putObject("target");
        ObjectNode outServices = NODES.objectNode();
        ArrayNode outJobs = NODES.arrayNode();
        services.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode svc = e.getValue();
            String at = "/services/" + name;
            if (!svc.isObject()) {
                error("services." + name, "must be a mapping", at);
                return;
            }
            if (!name.equals(under) && svc.has("profiles")) return; // not started by `docker compose up` either
            checkFields(name, svc, name.equals(under) && target.hasNonNull("image"), under, jobNames);
            ObjectNode env = environment(name, svc);
            ArrayNode command = command(name, svc.get("command"), at + "/command");
            if (name.equals(under)) {
                intoTarget(target, name, svc, env, command);
            } else if (jobNames.contains(name)) {
                ObjectNode job = outJobs.addObject().put("name", name);
                if (svc.hasNonNull("image")) job.put("image", text(svc.get("image"), at + "/image"));
                if (command != null) job.set("command", command);
                else error("services." + name, "runs as an init job (a service depends on it with service_completed_successfully) and needs its command: "
                        + "write command: (Shakedown's jobs do not run the image's default command)", at);
                if (!env.isEmpty()) job.set("env", env);
            } else if (!svc.hasNonNull("image")) {
                if (!svc.has("build")) error("services." + name, "has no image", at); // with build:, checkFields said why
            } else {
                ObjectNode out = outServices.putObject(name);
                out.put("image", text(svc.get("image"), at + "/image"));
                Integer port = port(name, svc);
                if (port != null) out.put("port", port);
                else error("services." + name, "no port: Shakedown waits for a service's port; add expose: [PORT] (the container port it serves)", at);
                if (!env.isEmpty()) out.set("env", env);
                if (command != null) out.set("command", command);
                ArrayNode entrypoint = command(name, svc.get("entrypoint"), at + "/entrypoint");
                if (entrypoint != null) out.set("entrypoint", entrypoint);
                if (svc.hasNonNull("tmpfs")) {
                    ArrayNode tmpfs = out.putArray("tmpfs");
                    for (JsonNode t : svc.get("tmpfs").isArray() ? svc.get("tmpfs") : List.of(svc.get("tmpfs"))) tmpfs.add(t.asText());
                }
                resources(svc).ifPresent(r -> out.set("resources", r));
                startupTimeout(svc).ifPresent(t -> out.put("startupTimeout", t));
                healthcheckReadiness(name, svc).ifPresent(r -> out.set("readiness", r));
            }
        });
        if (!errors.isEmpty()) return;
        ObjectNode specServices = spec.has("services") && spec.get("services").isObject() ? (ObjectNode) spec.get("services") : null;
        if (specServices != null) specServices.fields().forEachRemaining(e -> outServices.set(e.getKey(), e.getValue())); // the spec wins
        if (!outServices.isEmpty()) spec.set("services", outServices);
        ArrayNode jobs = NODES.arrayNode();
        Set<String> written = new HashSet<>();
        if (spec.get("jobs") instanceof ArrayNode specJobs) specJobs.forEach(j -> written.add(j.path("name").asText()));
        outJobs.forEach(j -> { if (!written.contains(j.path("name").asText())) jobs.add(j); });
        if (spec.get("jobs") instanceof ArrayNode specJobs) jobs.addAll(specJobs); // the spec's own jobs run after the imported ones
        if (!jobs.isEmpty()) spec.set("jobs", jobs);
    }

    private void intoTarget(ObjectNode target, String name, JsonNode svc, ObjectNode env, ArrayNode command) {
        String at = "/services/" + name;
        if (!target.hasNonNull("image") && !target.hasNonNull("url")) {
            if (svc.hasNonNull("image")) target.put("image", text(svc.get("image"), at + "/image"));
            else error("services." + name, "the service under test has no image: set target.image to the image the pipeline built", at);
        }
        ObjectNode merged = env.deepCopy();
        if (target.get("env") instanceof ObjectNode written) merged.setAll(written); // the spec wins
        if (!merged.isEmpty()) target.set("env", merged);
        if (!target.has("command") && command != null) target.set("command", command);
        if (!target.has("port")) {
            Integer port = port(name, svc);
            if (port != null) target.put("port", port);
        }
    }

    private void checkFields(String name, JsonNode svc, boolean builtByPipeline, String under, Set<String> jobNames) {
        svc.fieldNames().forEachRemaining(key -> {
            String at = "/services/" + name + "/" + key;
            if ((key.equals("entrypoint") || key.equals("tmpfs")) && (name.equals(under) || jobNames.contains(name))) {
                error("services." + name + "." + key, (name.equals(under) ? "the service under test runs as its image was built (its ENTRYPOINT, no tmpfs)"
                        : "an init job runs its image's ENTRYPOINT with its command") + ": " + key + " is honoured for the other services only", at);
                return;
            }
            if (key.startsWith("x-") || HONOURED.contains(key) || IGNORED.contains(key)) return;
            if (key.equals("build") && builtByPipeline) return;
            String why = REFUSED.get(key);
            error("services." + name + "." + key, why != null ? why : "not supported by Shakedown's Compose import (docs/spec.md#compose lists what is)", at);
        });
        JsonNode volumes = svc.path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            String v = volumes.get(i).isTextual() ? volumes.get(i).asText() : volumes.get(i).path("source").asText("");
            if (v.startsWith(".") || v.startsWith("/") || v.startsWith("~") || "bind".equals(volumes.get(i).path("type").asText())) {
                error("services." + name + ".volumes[" + i + "]", "bind mounts are not supported: the run has no host files; bake the file into an image, "
                        + "or use an init job (named volumes are read past: every run starts empty)", "/services/" + name + "/volumes/" + i);
            }
        }
    }

    private ObjectNode environment(String name, JsonNode svc) {
        ObjectNode env = NODES.objectNode();
        String at = "/services/" + name;
        JsonNode envFiles = svc.get("env_file");
        if (envFiles != null) {
            List<JsonNode> list = new ArrayList<>();
            if (envFiles.isArray()) envFiles.forEach(list::add);
            else list.add(envFiles);
            for (JsonNode f : list) {
                String path = f.isTextual() ? f.asText() : f.path("path").asText();
                boolean required = !f.isObject() || f.path("required").asBoolean(true);
                try {
                    ComposeText.parseEnvFile(files.read(resolve(path))).forEach(env::put);
                } catch (IOException e) {
                    if (required) error("services." + name + ".env_file", "no env file " + path + ": " + files.where(resolve(path)), at + "/env_file");
                }
            }
        }
        JsonNode environment = svc.get("environment");
        if (environment != null && environment.isObject()) {
            environment.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) error("services." + name + ".environment." + e.getKey(), "has no value: Shakedown does not pass its own environment on; "
                        + "give the value (or ${VAR:-default})", at + "/environment/" + e.getKey());
                else env.put(e.getKey(), interpolate(e.getValue().asText(), "services." + name + ".environment." + e.getKey(), at + "/environment/" + e.getKey()));
            });
        } else if (environment != null && environment.isArray()) {
            for (int i = 0; i < environment.size(); i++) {
                String item = environment.get(i).asText();
                int eq = item.indexOf('=');
                if (eq < 0) error("services." + name + ".environment[" + i + "]", item + " has no value: Shakedown does not pass its own environment on; "
                        + "write " + item + "=value", at + "/environment/" + i);
                else env.put(item.substring(0, eq), interpolate(item.substring(eq + 1), "services." + name + ".environment[" + i + "]", at + "/environment/" + i));
            }
        }
        return env;
    }

    private ArrayNode command(String name, JsonNode command, String at) {
        if (command == null || command.isNull()) return null;
        ArrayNode out = NODES.arrayNode();
        if (command.isArray()) command.forEach(c -> out.add(interpolate(c.asText(), "services." + name + ".command", at)));
        else for (String word : ComposeText.shellWords(interpolate(command.asText(), "services." + name + ".command", at))) out.add(word);
        return out;
    }

    /** The container port: the first of expose, then of ports (its container side), then the image's well-known port. */
    private Integer port(String name, JsonNode svc) {
        for (String key : List.of("expose", "ports")) {
            JsonNode list = svc.path(key);
            if (list.isArray() && !list.isEmpty()) {
                JsonNode first = list.get(0);
                String spec = first.isObject() ? first.path("target").asText() : first.asText();
                spec = spec.replaceFirst("/(tcp|udp)$", "");
                String container = spec.substring(spec.lastIndexOf(':') + 1);
                if (container.matches("\\d{1,5}")) return Integer.valueOf(container);
                error("services." + name + "." + key + "[0]", "could not read a container port from " + first.asText(), "/services/" + name + "/" + key + "/0");
                return null;
            }
        }
        String image = svc.path("image").asText("");
        String repo = image.replaceFirst("[:@].*$", "");
        repo = repo.substring(repo.lastIndexOf('/') + 1);
        return WELL_KNOWN_PORTS.get(repo);
    }

    private java.util.Optional<ObjectNode> resources(JsonNode svc) {
        ObjectNode r = NODES.objectNode();
        JsonNode limits = svc.path("deploy").path("resources").path("limits");
        String memory = limits.hasNonNull("memory") ? limits.get("memory").asText() : svc.hasNonNull("mem_limit") ? svc.get("mem_limit").asText() : null;
        String cpus = limits.hasNonNull("cpus") ? limits.get("cpus").asText() : svc.hasNonNull("cpus") ? svc.get("cpus").asText() : null;
        if (memory != null) r.put("memory", memory.toLowerCase(java.util.Locale.ROOT).replaceFirst("b$", ""));
        if (cpus != null) r.put("cpus", Double.parseDouble(cpus));
        return r.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(r);
    }

    /**
     * {@code healthcheck.test} becomes the service's readiness, run inside its container as Compose runs it
     * ({@code depends_on: service_healthy} waits for the same "healthy"); {@code disable: true} or {@code [NONE]}: none.
     */
    private java.util.Optional<ObjectNode> healthcheckReadiness(String name, JsonNode svc) {
        JsonNode hc = svc.path("healthcheck");
        JsonNode test = hc.path("test");
        if (!hc.isObject() || hc.path("disable").asBoolean(false) || test.isMissingNode() || test.isNull()) return java.util.Optional.empty();
        String at = "/services/" + name + "/healthcheck/test";
        String field = "services." + name + ".healthcheck.test";
        ArrayNode out = NODES.arrayNode();
        if (test.isTextual()) out.add("CMD-SHELL").add(interpolate(test.asText(), field, at));
        else if (test.isArray()) test.forEach(t -> out.add(interpolate(t.asText(), field, at)));
        if (out.isEmpty() || "NONE".equals(out.get(0).asText())) return java.util.Optional.empty();
        if (out.size() < 2 || !List.of("CMD", "CMD-SHELL").contains(out.get(0).asText())) {
            error(field, "must be a command line, or a list starting with CMD or CMD-SHELL (or NONE) and then the command", at);
            return java.util.Optional.empty();
        }
        ObjectNode readiness = NODES.objectNode();
        readiness.putObject("healthcheck").set("test", out);
        return java.util.Optional.of(readiness);
    }

    /** The healthcheck's own patience (start_period + interval × retries) when it is longer than Shakedown's default. */
    private java.util.Optional<String> startupTimeout(JsonNode svc) {
        JsonNode hc = svc.path("healthcheck");
        if (!hc.isObject()) return java.util.Optional.empty();
        try {
            long start = hc.has("start_period") ? Units.duration(hc.get("start_period").asText()).toMillis() : 0;
            long interval = hc.has("interval") ? Units.duration(hc.get("interval").asText()).toMillis() : 30_000;
            long retries = hc.path("retries").asLong(3);
            long total = start + interval * retries;
            return total > TargetSpec.DEFAULT_STARTUP_TIMEOUT.toMillis() ? java.util.Optional.of(Math.min(total, 600_000) / 1000 + "s") : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private String interpolate(String value, String field, String at) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) replacement = "$";
            else {
                String var = m.group(1) != null ? m.group(1) : m.group(4);
                String op = m.group(2);
                String set = dotEnv.get(var);
                boolean empty = set == null || (op != null && op.startsWith(":") && set.isEmpty());
                if (!empty) replacement = set;
                else if (op != null && op.endsWith("-")) replacement = m.group(3);
                else {
                    error(field, "${" + var + "} is not set: Shakedown reads " + resolve(".env") + " next to the Compose file, not its own environment; "
                            + "put it there or give a default (${" + var + ":-value})", at);
                    replacement = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> dotEnv(String file, SpecFiles files) {
        try {
            return ComposeText.parseEnvFile(files.read(sibling(file, ".env")));
        } catch (IOException e) {
            return Map.of();
        }
    }

    private String resolve(String name) {
        return sibling(file, name);
    }

    private static String sibling(String file, String name) {
        int slash = file.lastIndexOf('/');
        return slash < 0 || name.startsWith("/") ? name : file.substring(0, slash + 1) + name;
    }

    private String text(JsonNode node, String at) {
        return interpolate(node.asText(), at.substring(1).replace('/', '.'), at);
    }

    private void error(String field, String message, String pointer) {
        errors.add(new DocumentError(file + ": " + field, message, lines.get(pointer)));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
