package io.shakedown.run;

import java.util.Optional;

/**
 * How the engine reaches Docker and marks what it owns. Plain values so the command line and the
 * service (through its @ConfigMapping) build it alike.
 *
 * @param dockerHost        Docker endpoint, e.g. unix:///var/run/docker.sock; empty = docker-java's default (DOCKER_HOST)
 * @param installationId    stamped on every container as a label, so one installation reaps only its own
 * @param registryUsername  credentials for pulls, when the registry needs them
 * @param registryPassword  ditto
 * @param diagnosisHelperImage image used to read socket tables of shell-less containers when the host's /proc is not visible
 * @param network           empty: publish the app's port on 127.0.0.1 and reach it there (Shakedown on the host);
 *                          a Docker network name: run the app on it and reach it at its IP there (Shakedown in a container
 *                          on that network, where the host's 127.0.0.1 is out of reach)
 * @param backgroundRemoval true (the service): a run's containers are removed after the run has reported, on a
 *                          background thread, so the verdict does not wait for {@code docker rm}; a removal that fails
 *                          or is cut short by a crash is redone by the reaper (labels). false (one-shot CLI): inline.
 */
public record EngineSettings(
        Optional<String> dockerHost,
        String installationId,
        Optional<String> registryUsername,
        Optional<String> registryPassword,
        String diagnosisHelperImage,
        Optional<String> network,
        boolean backgroundRemoval) {

    public EngineSettings(Optional<String> dockerHost, String installationId, Optional<String> registryUsername,
                          Optional<String> registryPassword, String diagnosisHelperImage) {
        this(dockerHost, installationId, registryUsername, registryPassword, diagnosisHelperImage, Optional.empty(), false);
    }

    public EngineSettings {
        network = network == null ? Optional.empty() : network.filter(n -> !n.isBlank());
    }

    public static EngineSettings defaults() {
        return new EngineSettings(Optional.empty(), "default", Optional.empty(), Optional.empty(), "busybox:1.36", Optional.empty(), false);
    }
}
