package io.shakedown.target.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The service's way to a {@link KubernetesRuntime}: Quarkus' Kubernetes client (configured by
 * {@code quarkus.kubernetes-client.*}, the mock API server in tests), built only when a runtime is asked for, so a
 * service on Docker never reads a kubeconfig. Here, in {@code target}, because only {@code target} touches fabric8.
 */
@ApplicationScoped
public class KubernetesRuntimes {

    @Inject Instance<KubernetesClient> client;

    /**
     * A runtime with these settings; {@code namespace} empty or blank: the client's own namespace (the pod's, in a
     * cluster), else {@code default}.
     */
    public KubernetesRuntime runtime(Optional<String> namespace, String installationId, List<String> imagePullSecrets,
                                     KubernetesSettings.Access access, boolean runAsNonRoot, Duration activeDeadline) {
        KubernetesClient k = client.get();
        String resolved = namespace.filter(n -> !n.isBlank()).orElseGet(() -> k.getNamespace() == null ? "default" : k.getNamespace());
        return new KubernetesRuntime(k, new KubernetesSettings(resolved, installationId, imagePullSecrets, access, runAsNonRoot, activeDeadline));
    }
}
