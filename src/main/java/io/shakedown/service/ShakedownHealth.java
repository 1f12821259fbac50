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

    /**
     * The disks a run needs (Docker's data root, Shakedown's work folder): DOWN below {@code shakedown.disk.min-free}
     * (new runs would end ERROR at once), UP with {@code level: warning} below {@code warn-free}.
     */
    @Readiness
    @ApplicationScoped
    public static class Disks implements HealthCheck {
        @Inject DiskSpace disks;

        @Override
        public HealthCheckResponse call() {
            var builder = HealthCheckResponse.named("disk");
            boolean low = false;
            DiskSpace.Level worst = DiskSpace.Level.OK;
            for (var d : disks.disks()) {
                builder.withData(d.name(), d.path() + ": " + d.freeText() + " free"
                        + (d.error() != null ? " (" + d.error() + ")" : d.how() == null ? "" : " (" + d.how() + ")"));
                if (d.level() == DiskSpace.Level.LOW) low = true;
                if (d.level().ordinal() > worst.ordinal() && d.level() != DiskSpace.Level.UNKNOWN) worst = d.level();
            }
            builder.withData("level", worst.name().toLowerCase(java.util.Locale.ROOT));
            disks.refusal().ifPresent(r -> builder.withData("reason", r));
            return (low ? builder.down() : builder.up()).build();
        }
    }
}
