package io.shakedown.service;

import io.shakedown.secret.ServiceSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service's monitor secrets (its secrets folder and SHAKEDOWN_MONITOR_SECRET_* variables), for applying and running monitors. */
@ApplicationScoped
public class ServiceSecretsProducer {

    @Produces
    @Singleton
    ServiceSecrets serviceSecrets(ShakedownConfig config) {
        return new ServiceSecrets(config.monitorSecrets().dir(), System::getenv);
    }
}
