package io.shakedown.target.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.shakedown.spec.ReadinessSpec;
import io.shakedown.spec.TargetSpec;
import io.shakedown.spec.TmpfsMount;
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

    /**
     * What a Compose-imported service may add to its pod: its {@code entrypoint} as the container's {@code command} (the
     * image's ENTRYPOINT replaced, as Compose does), each {@code tmpfs} path as a memory-backed {@code emptyDir} (Compose's
     * {@code size=} becomes its sizeLimit in bytes; other mount options have no pod equivalent: an emptyDir is world-writable),
     * and its health check command as the container's exec {@code readinessProbe} — the kubelet runs it, as dockerd
     * runs a HEALTHCHECK, and the pod's Ready condition is what Shakedown waits for ({@link KubernetesTarget#healthStatus}).
     */
    static void addServiceExtras(Pod pod, List<String> entrypoint, List<String> tmpfs, ReadinessSpec.Healthcheck healthcheck) {
        Container c = pod.getSpec().getContainers().getFirst();
        if (entrypoint != null && !entrypoint.isEmpty()) c.setCommand(List.copyOf(entrypoint));
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        for (String entry : tmpfs) {
            TmpfsMount mount = TmpfsMount.of(entry);
            Long bytes = mount.sizeBytes(); // in bytes: "64m" in a Kubernetes quantity would be 0.064
            String name = "tmpfs-" + volumes.size();
            volumes.add(new VolumeBuilder().withName(name)
                    .withNewEmptyDir().withMedium("Memory").withSizeLimit(bytes == null ? null : new Quantity(String.valueOf(bytes))).endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(mount.path()).build());
        }
        if (!volumes.isEmpty()) {
            pod.getSpec().setVolumes(volumes);
            c.setVolumeMounts(mounts);
        }
        if (healthcheck != null && healthcheck.test() != null) {
            c.setReadinessProbe(new ProbeBuilder()
                    .withNewExec().withCommand(execCommand(healthcheck.test())).endExec()
                    .withPeriodSeconds((int) Math.max(1, (healthcheck.interval().toMillis() + 999) / 1000)) // the kubelet's floor: 1 s
                    .withTimeoutSeconds(5).withSuccessThreshold(1).withFailureThreshold(1)
                    .build());
        }
    }

    /** Compose's health check test as an exec command: CMD runs its words, CMD-SHELL its line in /bin/sh, a bare list as CMD. */
    static List<String> execCommand(List<String> test) {
        if (test.isEmpty()) return test;
        return switch (test.getFirst()) {
            case "CMD" -> test.subList(1, test.size());
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
            default -> test;
        };
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
