package io.shakedown.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An init job (docs/spec.md#jobs): a one-shot container on the run's network, run after the services are ready and
 * before the app starts; it must exit 0. {@code image} null means the target's own image.
 */
public record JobSpec(
        String name,
        String image,
        List<String> command,
        Map<String, String> env,
        TargetSpec.Resources resources,
        Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public JobSpec {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (resources == null) resources = new TargetSpec.Resources(null, null, null, null);
        if (timeout == null) timeout = DEFAULT_TIMEOUT;
    }

    /** The same job with its env and command as resolved at run time. */
    public JobSpec with(Map<String, String> env, List<String> command) {
        return new JobSpec(name, image, command, env, resources, timeout);
    }
}
