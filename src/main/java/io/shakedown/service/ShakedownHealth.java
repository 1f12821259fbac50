package io.shakedown.service;

import io.shakedown.engine.ValidationEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health: liveness says the process answers; readiness adds the runtime: Docker, or the Kubernetes API (the database check is the datasource's
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
            // without Docker every image run ends ERROR: not ready (URL targets would still work, but
            // a replica that can only do half the job should not take traffic)
            try {
                engine.pingDocker();
                return HealthCheckResponse.named(engine.runtimeName()).up().build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.named(engine.runtimeName()).down()
                        .withData("reason", String.valueOf(e.getMessage())).build();
            }
        }
    }
}
