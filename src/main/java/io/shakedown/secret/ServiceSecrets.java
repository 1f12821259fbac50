package io.shakedown.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Secret values the service itself holds for monitors, read by name when a monitor is applied (does it exist?) and
 * when its run starts (the value), never copied anywhere else. Looked up, first found wins:
 * <ol>
 * <li>{@code <dir>/<project>/<NAME>}: a file in the project's folder of the secrets folder (a Kubernetes Secret mounted
 * per project, a Docker secret); only that project's monitors see it;</li>
 * <li>{@code <dir>/<NAME>}: a file in the secrets folder, for every project's monitors;</li>
 * <li>the environment variable {@code SHAKEDOWN_MONITOR_SECRET_<NAME>}, for every project's monitors. Only variables
 * with that prefix: a monitor must not be able to read the service's own credentials (its database password) by
 * naming them.</li>
 * </ol>
 * Files are read each time, so a rotated Kubernetes Secret (the kubelet swaps the mounted files) is used from the next
 * run on. A file's trailing line break is not part of the value ({@code echo secret > file}).
 */
public final class ServiceSecrets {

    public static final String ENV_PREFIX = "SHAKEDOWN_MONITOR_SECRET_";
    /** The spec's secret name pattern (spec.schema.json): a plain file name, never a path. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A project folder is used only when the project's name is a plain file name. */
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final Optional<Path> dir;
    private final Function<String, String> environment;

    public ServiceSecrets(Optional<Path> dir, Function<String, String> environment) {
        this.dir = dir;
        this.environment = environment;
    }

    /** The value of secret {@code name} for a monitor of {@code project} (null: authentication is off, no project). */
    public Optional<String> value(String project, String name) {
        if (name == null || !NAME.matcher(name).matches()) return Optional.empty();
        if (dir.isPresent()) {
            if (project != null && FOLDER.matcher(project).matches()) {
                Optional<String> own = file(dir.get().resolve(project).resolve(name));
                if (own.isPresent()) return own;
            }
            Optional<String> shared = file(dir.get().resolve(name));
            if (shared.isPresent()) return shared;
        }
        String env = environment.apply(ENV_PREFIX + name);
        return env == null || env.isEmpty() ? Optional.empty() : Optional.of(env);
    }

    /** Every named value, or the names the service does not have (as {@link Missing}). */
    public Map<String, String> values(String project, List<String> names) throws Missing {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            value(project, name).ifPresentOrElse(v -> out.put(name, v), () -> missing.add(name));
        }
        if (!missing.isEmpty()) throw new Missing(List.copyOf(missing));
        return out;
    }

    /** Where the service looks for {@code name}, in words, for the message that says it has no such secret. */
    public String whereLooked(String project, String name) {
        String env = "the environment variable " + ENV_PREFIX + name;
        if (dir.isEmpty()) return env + " (no secrets folder is set: shakedown.monitor-secrets.dir)";
        Path d = dir.get();
        String files = (project != null && FOLDER.matcher(project).matches() ? d.resolve(project).resolve(name) + ", " : "") + d.resolve(name);
        return files + " or " + env;
    }

    private static Optional<String> file(Path p) {
        if (!Files.isRegularFile(p)) return Optional.empty();
        try {
            String v = Files.readString(p, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
            return v.isEmpty() ? Optional.empty() : Optional.of(v);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the monitor secret file " + p, e);
        }
    }

    /** Secrets a monitor names that the service does not have. */
    public static final class Missing extends Exception {
        private final List<String> names;

        Missing(List<String> names) {
            super("the service has no monitor secret " + String.join(", ", names));
            this.names = names;
        }

        public List<String> names() {
            return names;
        }
    }
}
