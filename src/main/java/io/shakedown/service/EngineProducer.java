package io.shakedown.service;

import io.shakedown.engine.EngineSettings;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.perf.PerfSettings;
import io.shakedown.store.PgBaselineStore;
import java.nio.file.Path;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One engine per process, built from {@code shakedown.*} and closed (Docker client released) on shutdown. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ValidationEngine engine(ShakedownConfig config, PgBaselineStore baselines) {
        return new ValidationEngine(new EngineSettings(
                config.docker().host(),
                config.installationId(),
                config.registry().username(),
                config.registry().password(),
                config.helperImage()), perfSettings(config, baselines));
    }

    static PerfSettings perfSettings(ShakedownConfig config, PgBaselineStore baselines) {
        return new PerfSettings(config.perf().runnerHome().map(Path::of), config.perf().heap(),
                config.perf().workDir().map(Path::of).orElse(PerfSettings.defaults().workDir()), baselines);
    }

    void close(@Disposes ValidationEngine engine) {
        engine.close();
    }
}
