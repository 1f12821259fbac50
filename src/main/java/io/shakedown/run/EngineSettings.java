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
 */
public record EngineSettings(
        Optional<String> dockerHost,
        String installationId,
        Optional<String> registryUsername,
        Optional<String> registryPassword,
        String diagnosisHelperImage) {

    public static EngineSettings defaults() {
        return new EngineSettings(Optional.empty(), "default", Optional.empty(), Optional.empty(), "busybox:1.36");
    }
}
