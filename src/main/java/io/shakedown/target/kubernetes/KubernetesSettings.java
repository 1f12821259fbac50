package io.shakedown.target.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How runs' pods are made and reached (keys {@code shakedown.kubernetes.*}, docs/kubernetes-runtime.md).
 *
 * @param namespace        where every run's pod goes (the Role of k8s/overlays/kubernetes-runtime grants it)
 * @param installationId   stamped on every pod as a label, like on containers: reaping finds them by it
 * @param imagePullSecrets names of Secrets in {@code namespace} the kubelet uses to pull private images
 * @param access           how Shakedown reaches the pod: its IP from inside the cluster, or a port-forward
 * @param runAsNonRoot     refuse images that would run as root (kubelet's check); off for root-only images
 * @param activeDeadline   a pod outliving a lost Shakedown is stopped by the cluster after this long
 */
public record KubernetesSettings(String namespace, String installationId, List<String> imagePullSecrets, Access access,
                                 boolean runAsNonRoot, Duration activeDeadline) {

    public enum Access {
        /** Shakedown runs in the cluster: HTTP straight to the pod IP. */
        POD_IP,
        /** Shakedown runs outside the cluster: a port-forward through the API server per run. */
        PORT_FORWARD;

        /** "auto": the pod IP inside a cluster (KUBERNETES_SERVICE_HOST is set there), a port-forward elsewhere. */
        public static Access of(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> System.getenv("KUBERNETES_SERVICE_HOST") != null ? POD_IP : PORT_FORWARD;
                case "pod-ip" -> POD_IP;
                case "port-forward" -> PORT_FORWARD;
                default -> throw new IllegalArgumentException("shakedown.kubernetes.access must be auto, pod-ip or port-forward, not '" + value + "'");
            };
        }
    }

    public KubernetesSettings {
        imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
    }
}
