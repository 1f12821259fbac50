package io.shakedown.service;

import io.shakedown.engine.EngineSettings;
import io.shakedown.engine.ValidationEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One engine per process, built from {@code shakedown.*} and closed (Docker client released) on shutdown. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ValidationEngine engine(ShakedownConfig config) {
        return new ValidationEngine(new EngineSettings(
                config.docker().host(),
                config.installationId(),
                config.registry().username(),
                config.registry().password(),
                config.helperImage()));
    }

    void close(@Disposes ValidationEngine engine) {
        engine.close();
    }
}
