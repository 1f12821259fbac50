package io.shakedown.target.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.shakedown.spec.TargetSpec;
import io.shakedown.target.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The pod of one run, the way a restricted production namespace would run it (Pod Security "restricted"):
 * no privilege escalation, every capability dropped, the runtime's default seccomp profile, non-root when
 * configured, no service-account token, no service-link env vars. The spec's env, its resources as requests
 * equal to limits (Guaranteed QoS, like Docker's hard limits), the run's labels, a deadline after which the
 * cluster stops the pod even if Shakedown never comes back, and restartPolicy Never: a crash ends readiness at once.
 */
public final class PodFactory {
    private PodFactory() {}

    /** What a pod is to its run: the target, or a service or an init job with its name in the spec. */
    record Role(String role, String name) {
        static final Role TARGET = new Role("target", null);

        static Role service(String name) {
            return new Role("service", name);
        }

        static Role job(String name) {
            return new Role("job", name);
        }
    }

    public static Pod pod(KubernetesSettings settings, String app, String runId, TargetSpec spec) {
        return pod(settings, app, runId, spec, Role.TARGET, List.of());
    }

    /**
     * The pod of the run's target, or of one of its services or jobs ({@code role}); {@code hostAliases} tell it where
     * the run's services are (their names → their pods' IPs). A job's pod has no port.
     */
    static Pod pod(KubernetesSettings settings, String app, String runId, TargetSpec spec, Role role, List<HostAlias> hostAliases) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.RUN_ID, labelValue(runId));
        labels.put(Labels.INSTALLATION, labelValue(settings.installationId()));
        labels.put(Labels.APP, labelValue(app));
        labels.put(Labels.ROLE, role.role());
        if (role.name() != null) labels.put(Labels.NAME, labelValue(role.name()));
        List<EnvVar> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        Map<String, Quantity> resources = new LinkedHashMap<>();
        if (spec.resources() != null && spec.resources().memoryBytes() != null) {
            resources.put("memory", new Quantity(String.valueOf(spec.resources().memoryBytes())));
        }
        if (spec.resources() != null && spec.resources().cpus() != null) {
            resources.put("cpu", new Quantity(Math.max(1, Math.round(spec.resources().cpus() * 1000)) + "m"));
        }
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName(role.name() == null ? app : app + "-" + role.name()))
                    .withNamespace(settings.namespace())
                    .withLabels(labels)
                    .addToAnnotations(Labels.RUN_ID, runId) // the full id, whatever label-value rules say
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withActiveDeadlineSeconds(settings.activeDeadline().toSeconds())
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withTerminationGracePeriodSeconds(2L)
                    .withHostAliases(hostAliases.isEmpty() ? null : hostAliases)
                    .withImagePullSecrets(settings.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                    .withNewSecurityContext()
                        .withRunAsNonRoot(settings.runAsNonRoot() ? Boolean.TRUE : null)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .addNewContainer()
                        .withName(PodDiagnosis.CONTAINER)
                        .withImage(spec.image())
                        .withImagePullPolicy(pullPolicy(spec.pull()))
                        .withArgs(spec.command() == null || spec.command().isEmpty() ? null : spec.command()) // like docker run's CMD: the entrypoint stays
                        .withEnv(env)
                        .withPorts(spec.port() == null ? List.of() : List.of(new ContainerPortBuilder().withContainerPort(spec.port()).withProtocol("TCP").build()))
                        .withNewResources().withRequests(resources.isEmpty() ? null : resources).withLimits(resources.isEmpty() ? null : resources).endResources()
                        .withNewSecurityContext()
                            .withAllowPrivilegeEscalation(false)
                            .withPrivileged(false)
                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .endSecurityContext()
                    .endContainer()
                .endSpec()
                .build();
    }

    static String pullPolicy(TargetSpec.PullPolicy pull) {
        return switch (pull == null ? TargetSpec.PullPolicy.MISSING : pull) {
            case MISSING -> "IfNotPresent";
            case ALWAYS -> "Always";
            case NEVER -> "Never";
        };
    }

    /** shakedown-&lt;app&gt;-&lt;8 hex&gt;, a valid DNS-1123 name. */
    static String podName(String app) {
        String base = app == null ? "" : app.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        base = base.length() > 40 ? base.substring(0, 40) : base;
        base = base.replaceAll("^-+|-+$", "");
        return "shakedown-" + (base.isEmpty() ? "app" : base) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A label value: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
    public static String labelValue(String value) {
        String v = value == null ? "" : value.replaceAll("[^A-Za-z0-9._-]", "-");
        if (v.length() > 63) v = v.substring(0, 63);
        v = v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return v.isEmpty() ? "none" : v;
    }
}
