package io.shakedown.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kustomizations under k8s/ as CI renders them: scripts/validate-k8s.sh (every overlay, schema-validated) passes,
 * and every rendered object parses into fabric8's Kubernetes model with no unknown field (a typo such as
 * {@code readinesProbe} lands in a model's additionalProperties, which must stay empty). Needs kubectl, node, npm.
 */
class KubernetesManifestsTest {

    static final Path K8S = Path.of("k8s");

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    static List<Path> kustomizations() throws IOException {
        var dirs = new ArrayList<Path>();
        dirs.add(K8S.resolve("base"));
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            overlays.filter(Files::isDirectory).sorted().forEach(dirs::add);
        }
        return dirs;
    }

    static List<HasMetadata> render(Path dir) throws Exception {
        String yaml = run(List.of("kubectl", "kustomize", dir.toString()));
        var serialization = new KubernetesSerialization();
        var objects = new ArrayList<HasMetadata>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) continue;
            Object parsed = serialization.unmarshal(doc);
            assertTrue(parsed instanceof HasMetadata, dir + ": not a Kubernetes object:\n" + doc);
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    @Test
    void everyOverlayRendersAndValidatesAgainstTheKubernetesSchemas() throws Exception {
        String out = run(List.of("scripts/validate-k8s.sh"));
        for (Path dir : kustomizations()) assertTrue(out.contains(dir + ": "), dir + " was not validated:\n" + out);
        assertTrue(out.contains("every kustomization renders and validates"), out);
    }

    @Test
    void noRenderedObjectHasAnUnknownField() throws Exception {
        for (Path dir : kustomizations()) {
            for (HasMetadata object : render(dir)) {
                var unknown = new ArrayList<String>();
                unknownFields(object, object.getKind(), unknown);
                assertEquals(List.of(), unknown, dir + ": " + object.getKind() + "/" + object.getMetadata().getName() + " has unknown fields");
            }
        }
    }

    @Test
    void baseDeploymentIsHardenedAndProbed() throws Exception {
        List<HasMetadata> objects = render(K8S.resolve("base"));
        Deployment d = objects.stream().filter(o -> o instanceof Deployment).map(o -> (Deployment) o)
                .filter(o -> o.getMetadata().getName().equals("shakedown")).findFirst().orElseThrow();
        assertEquals(2, d.getSpec().getReplicas());
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals("shakedown", pod.getServiceAccountName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        var c = pod.getContainers().getFirst();
        assertEquals("/q/health/started", c.getStartupProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        // health and metrics are on the management interface, off the port the Service exposes
        assertTrue(c.getPorts().stream().anyMatch(p -> "management".equals(p.getName()) && p.getContainerPort() == 9000), "the management port");
        for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            assertEquals("management", probe.getHttpGet().getPort().getStrVal());
        }
        assertEquals("9000", d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation());
        assertNotNull(c.getResources().getRequests().get("memory"));
        assertNotNull(c.getResources().getLimits().get("memory"));
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "a writable /tmp");
        var secrets = c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName()).distinct().sorted().toList();
        assertEquals(List.of("shakedown-admin", "shakedown-db"), secrets);
        // monitors' secrets: an optional Secret mounted where shakedown.monitor-secrets.dir points
        var mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("monitor-secrets")).findFirst().orElseThrow();
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("monitor-secrets")).findFirst().orElseThrow();
        assertEquals("shakedown-monitor-secrets", volume.getSecret().getSecretName());
        assertEquals(Boolean.TRUE, volume.getSecret().getOptional());
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        var config = objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.ConfigMap).map(o -> (io.fabric8.kubernetes.api.model.ConfigMap) o)
                .filter(o -> o.getMetadata().getName().equals("shakedown-config")).findFirst().orElseThrow();
        assertEquals(mount.getMountPath(), config.getData().get("SHAKEDOWN_MONITOR_SECRETS_DIR"));
    }

    /** Walks fabric8 model objects; any entry in an additionalProperties map is a field the model does not know. */
    static void unknownFields(Object node, String path, List<String> unknown) throws Exception {
        if (node == null) return;
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object o : list) unknownFields(o, path + "[" + i++ + "]", unknown);
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) unknownFields(e.getValue(), path + "." + e.getKey(), unknown);
            return;
        }
        if (!(node instanceof KubernetesResource) && !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) continue;
            Object value = m.invoke(node);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) extra.keySet().forEach(k -> unknown.add(path + "." + k));
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            unknownFields(value, path + "." + field, unknown);
        }
    }
}
