package io.shakedown.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backing service (docs/spec.md#services): a container on the run's network, reached by the app at its name as
 * host. Its name is its key under {@code services}. Started before the app (in parallel with the other services)
 * and awaited with the same readiness strategies as the app.
 */
public record ServiceSpec(
        String image,
        Integer port,
        Map<String, String> env,
        List<String> command,
        TargetSpec.Resources resources,
        ReadinessSpec readiness,
        Duration startupTimeout,
        TargetSpec.PullPolicy pull,
        List<String> entrypoint,
        List<String> tmpfs) {

    public ServiceSpec {
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (command != null) command = List.copyOf(command);
        if (entrypoint != null) entrypoint = List.copyOf(entrypoint);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        if (resources == null) resources = new TargetSpec.Resources(null, null, null, null);
        if (readiness == null) readiness = new ReadinessSpec(List.of(new ReadinessSpec.Port()));
        if (startupTimeout == null) startupTimeout = TargetSpec.DEFAULT_STARTUP_TIMEOUT;
        if (pull == null) pull = TargetSpec.PullPolicy.MISSING;
    }

    /** The same service with its env and command as resolved at run time (secrets and service addresses filled in). */
    public ServiceSpec with(Map<String, String> env, List<String> command) {
        return new ServiceSpec(image, port, env, command, resources, readiness, startupTimeout, pull, entrypoint, tmpfs);
    }
}
