package io.shakedown.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shakedown.engine.ValidationEngine;
import io.shakedown.report.Report;
import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.run.RunListener;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.DockerClients;
import io.shakedown.target.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Engine settings under one installation label per test class, the class's engine under them, and the check
 * after every test that the run removed every container and network it made: {@code @RegisterExtension static final
 * NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("e2e-test");} then {@code DOCKER.run(yaml)} (or
 * {@code new ValidationEngine(DOCKER.settings(), ...)} for an engine with other settings).
 */
public final class NoContainerLeftBehind implements AfterEachCallback, AfterAllCallback {
    private final EngineSettings settings;
    private DockerClients docker;
    private ValidationEngine engine;

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

    /** The class's engine under {@link #settings()}: made at first use, closed after the class's last test. */
    public synchronized ValidationEngine engine() {
        if (engine == null) engine = new ValidationEngine(settings);
        return engine;
    }

    /** Runs the spec on the class's engine under a fresh run id, with no listener and no secrets. */
    public Report run(String yaml) throws Exception {
        return run(new SpecParser().parse(yaml), RunListener.NONE, Map.of());
    }

    /** Runs the spec on the class's engine under a fresh run id; {@code listener} sees its events. */
    public Report run(ValidationSpec spec, RunListener listener, Map<String, String> secrets) {
        return engine().run(spec, new RunContext(UUID.randomUUID().toString(), listener, new Cancellation(), secrets));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        var left = docker().api.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.INSTALLATION, settings.installationId())).exec();
        assertEquals(List.of(), left.stream().map(c -> String.join(",", c.getNames())).toList(),
                "every container a run makes must be removed at its end");
        assertEquals(List.of(), networksLeft(), "every network a run makes (services, jobs) must be removed at its end");
    }

    /** The names of this installation's networks that still exist. */
    public List<String> networksLeft() {
        return docker().api.listNetworksCmd().withFilter("label", List.of(Labels.INSTALLATION + "=" + settings.installationId()))
                .exec().stream().map(n -> n.getName()).toList();
    }

    /** The names of this installation's containers that still exist, running or not. */
    public List<String> containersLeft() {
        return docker().api.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.INSTALLATION, settings.installationId()))
                .exec().stream().map(c -> String.join(",", c.getNames())).toList();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (engine != null) engine.close();
        engine = null;
        if (docker != null) docker.close();
        docker = null;
    }
}
