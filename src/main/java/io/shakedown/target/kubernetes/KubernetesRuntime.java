package io.shakedown.target.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shakedown.run.RunContext;
import io.shakedown.spec.TargetSpec;
import io.shakedown.target.Labels;
import io.shakedown.target.TargetException;
import io.shakedown.target.TargetRuntime;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Runs each target image as one pod in {@link KubernetesSettings#namespace()} ({@code shakedown.runtime=kubernetes}).
 * The kubelet pulls the image, so the image stage only checks that the API answers in that namespace; pull
 * problems show up in readiness, diagnosed from the pod's status and events.
 */
public final class KubernetesRuntime implements TargetRuntime {
    private static final Logger LOG = Logger.getLogger(KubernetesRuntime.class);

    private final KubernetesClient client;
    private final KubernetesSettings settings;

    public KubernetesRuntime(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    public record Prepared(String image, String pullPolicy, String namespace) implements PreparedImage {
        @Override
        public String summary() {
            return "the cluster pulls " + image + " (imagePullPolicy " + pullPolicy + ") into namespace " + namespace;
        }
    }

    @Override
    public PreparedImage prepare(TargetSpec spec) {
        ping();
        return new Prepared(spec.image(), PodFactory.pullPolicy(spec.pull()), settings.namespace());
    }

    @Override
    public StartableTarget create(String app, TargetSpec spec, PreparedImage image, RunContext ctx) {
        Pod pod = PodFactory.pod(settings, app, ctx.runId(), spec);
        return new KubernetesTarget(client, settings, pod, spec);
    }

    /** Services are pods of their own, jobs pods run to their exit (docs/kubernetes-runtime.md#services-and-jobs). */
    @Override
    public RunEnvironment environment(String app, RunContext ctx) {
        return new KubernetesEnvironment(client, settings, app, ctx);
    }

    /** The app's pod in a run with services: it reaches each by name through a host alias holding the service pod's IP. */
    @Override
    public StartableTarget create(String app, TargetSpec spec, PreparedImage image, RunContext ctx, RunEnvironment environment) {
        if (environment == null) return create(app, spec, image, ctx);
        Pod pod = PodFactory.pod(settings, app, ctx.runId(), spec, PodFactory.Role.TARGET, ((KubernetesEnvironment) environment).hostAliases());
        return new KubernetesTarget(client, settings, pod, spec);
    }

    /** Deletes this installation's pods (found by label) whose run id {@code isLive} rejects. */
    @Override
    public int alive() {
        try {
            return (int) client.pods().inNamespace(settings.namespace())
                    .withLabel(Labels.INSTALLATION, PodFactory.labelValue(settings.installationId())).list().getItems().stream()
                    .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).count();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public int reap(Predicate<String> isLive) {
        int removed = 0;
        try {
            for (Pod pod : client.pods().inNamespace(settings.namespace())
                    .withLabel(Labels.INSTALLATION, PodFactory.labelValue(settings.installationId())).list().getItems()) {
                var annotations = pod.getMetadata().getAnnotations();
                String runId = annotations == null ? null : annotations.get(Labels.RUN_ID);
                if (runId == null) runId = pod.getMetadata().getLabels().getOrDefault(Labels.RUN_ID, "");
                if (!runId.isEmpty() && isLive.test(runId)) continue;
                client.pods().inNamespace(settings.namespace()).withName(pod.getMetadata().getName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                removed++;
                LOG.infof("reaped pod %s of run %s", pod.getMetadata().getName(), runId);
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot reap pods in %s: %s", settings.namespace(), e.getMessage());
        }
        return removed;
    }

    /** Lists one pod of the namespace: proves the API answers and the service account may work there. */
    @Override
    public void ping() {
        try {
            client.pods().inNamespace(settings.namespace()).list(new ListOptionsBuilder().withLimit(1L).build());
        } catch (KubernetesClientException e) {
            throw new TargetException("the Kubernetes API at " + client.getMasterUrl() + " did not let Shakedown list pods in namespace "
                    + settings.namespace() + " (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + e.getMessage() + "); "
                    + (e.getCode() == 403 ? "bind the Role of k8s/overlays/kubernetes-runtime to the service's ServiceAccount in that namespace"
                    : "check shakedown.kubernetes.namespace and the cluster credentials (in-cluster service account or ~/.kube/config)"), e);
        }
    }

    @Override
    public void close() {
        // the client belongs to Quarkus (one per application); nothing of ours to release
    }
}
