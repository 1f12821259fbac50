package io.shakedown.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shakedown.run.EngineSettings;
import io.shakedown.target.DockerClients;
import io.shakedown.target.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Engine settings under one installation label per test class, and the check after every test that the
 * run removed every container it made: {@code @RegisterExtension static final NoContainerLeftBehind
 * DOCKER = new NoContainerLeftBehind("e2e-test");} then {@code new ValidationEngine(DOCKER.settings())}.
 */
public final class NoContainerLeftBehind implements AfterEachCallback, AfterAllCallback {
    private final EngineSettings settings;
    private DockerClients docker;

    public NoContainerLeftBehind(String installationId) {
        this.settings = new EngineSettings(Optional.empty(), installationId, Optional.empty(), Optional.empty(), "shakedown-base/busybox:local");
    }

    public EngineSettings settings() {
        return settings;
    }

    /** A Docker client for tests that also inspect or start containers themselves. */
    public synchronized DockerClients docker() {
        if (docker == null) docker = new DockerClients(settings);
        return docker;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        var left = docker().api.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.INSTALLATION, settings.installationId())).exec();
        assertEquals(List.of(), left.stream().map(c -> String.join(",", c.getNames())).toList(),
                "every container a run makes must be removed at its end");
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (docker != null) docker.close();
        docker = null;
    }
}
