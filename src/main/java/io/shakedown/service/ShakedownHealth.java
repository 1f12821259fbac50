package io.shakedown.service;

import io.shakedown.engine.ValidationEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health: liveness says the process answers; readiness adds Docker (the database check is the datasource's
 * own, contributed by quarkus-agroal).
 */
public class ShakedownHealth {

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        @Inject InstanceIdentity identity;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("shakedown").up().withData("instance", identity.id()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Docker implements HealthCheck {
        @Inject ValidationEngine engine;

        @Override
        public HealthCheckResponse call() {
            // ValidationEngine has no way to ping Docker yet; say so rather than pretend it is fine
            return HealthCheckResponse.named("docker").down()
                    .withData("reason", "the engine offers no Docker ping (ValidationEngine#ping) yet")
                    .build();
        }
    }
}
