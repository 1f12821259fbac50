package io.shakedown.target.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.spec.JobSpec;
import io.shakedown.spec.ReadinessSpec;
import io.shakedown.spec.ServiceSpec;
import io.shakedown.spec.TargetSpec;
import io.shakedown.target.Labels;
import io.shakedown.target.TargetException;
import io.shakedown.target.TargetRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A run's environment on Kubernetes (docs/kubernetes-runtime.md#services-and-jobs): each service is a pod of its own,
 * each init job a pod run to its exit, and the app's pod (and every job's) reaches each service by its name through
 * a {@code hostAliases} entry holding the service pod's IP. No Kubernetes Service object: a Service named {@code db}
 * would clash between two runs in one namespace, and the pod IP is what a Service would route to anyway. Every pod
 * carries the run's labels (role service or job), so the reaper finds them as it finds the app's pod.
 */
final class KubernetesEnvironment implements TargetRuntime.RunEnvironment {
    private static final Logger LOG = Logger.getLogger(KubernetesEnvironment.class);
    /** How many lines of a job's log the report keeps. */
    static final int JOB_LOG_TAIL = 100;
    /** How long a service pod may take to get an IP (scheduled and sandboxed) before the app's pod needs it. */
    static final Duration IP_WAIT = Duration.ofSeconds(120);
    private static final long POLL_MS = 200;

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final String app;
    private final RunContext ctx;
    private final Map<String, KubernetesTarget> services = new ConcurrentHashMap<>();
    private final List<String> jobPods = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    KubernetesEnvironment(KubernetesClient client, KubernetesSettings settings, String app, RunContext ctx) {
        this.client = client;
        this.settings = settings;
        this.app = app;
        this.ctx = ctx;
    }

    @Override
    public TargetRuntime.StartableTarget createService(String name, ServiceSpec service) {
        ReadinessSpec.Healthcheck healthcheck = service.readiness().strategies().stream()
                .filter(s -> s instanceof ReadinessSpec.Healthcheck h && h.test() != null).map(ReadinessSpec.Healthcheck.class::cast)
                .findFirst().orElse(null);
        TargetSpec asTarget = new TargetSpec(service.image(), null, service.port(), service.env(), service.command(), service.resources(),
                service.startupTimeout(), service.pull(), null, null);
        Pod pod = PodFactory.pod(settings, app, ctx.runId(), asTarget, PodFactory.Role.service(name), List.of());
        PodFactory.addServiceExtras(pod, service.entrypoint(), service.tmpfs(), healthcheck);
        var target = new KubernetesTarget(client, settings, pod, asTarget);
        services.put(name, target);
        return target;
    }

    /**
     * One host alias per service: its name → its pod's IP. Waits for each pod to have an IP (it has one once
     * scheduled, long before it is ready, so race mode does not wait for readiness here).
     */
    List<HostAlias> hostAliases() {
        List<HostAlias> aliases = new ArrayList<>();
        long deadline = System.nanoTime() + IP_WAIT.toNanos();
        for (var e : services.entrySet()) {
            String ip = null;
            while (ip == null) {
                Pod pod = e.getValue().current();
                ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                if (ip != null) break;
                if (System.nanoTime() > deadline || ctx.cancellation().isCancelled()) {
                    throw new TargetException("service " + e.getKey() + "'s pod got no IP within " + IP_WAIT.toSeconds()
                            + " s (not scheduled?): the app's pod cannot be told where it is");
                }
                sleep();
            }
            aliases.add(new HostAlias(List.of(e.getKey()), ip));
        }
        return aliases;
    }

    @Override
    public TargetRuntime.JobOutcome runJob(JobSpec job, String image, Cancellation cancellation) throws InterruptedException {
        TargetSpec asTarget = new TargetSpec(image, null, null, job.env(), job.command(), job.resources(), job.timeout(), null, null, null);
        Pod pod = PodFactory.pod(settings, app, ctx.runId(), asTarget, PodFactory.Role.job(job.name()), hostAliases());
        String name = pod.getMetadata().getName();
        long start = System.nanoTime();
        try {
            client.pods().inNamespace(settings.namespace()).resource(pod).create();
        } catch (KubernetesClientException e) {
            throw new TargetException("the cluster refused the pod of job " + job.name() + " (HTTP " + e.getCode() + ": " + e.getMessage() + ")", e);
        }
        jobPods.add(name);
        try {
            long deadline = start + job.timeout().toNanos();
            Long exit = null;
            boolean timedOut = false;
            while (exit == null) {
                Pod now = client.pods().inNamespace(settings.namespace()).withName(name).get();
                var terminated = now == null ? null : PodDiagnosis.container(now) == null || PodDiagnosis.container(now).getState() == null
                        ? null : PodDiagnosis.container(now).getState().getTerminated();
                if (terminated != null) {
                    exit = terminated.getExitCode() == null ? -1L : terminated.getExitCode().longValue();
                    break;
                }
                if (now == null) throw new TargetException("the pod of job " + job.name() + " disappeared: it was deleted outside this run");
                if (cancellation.isCancelled()) break;
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
                Thread.sleep(POLL_MS);
            }
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            List<String> all = log(name);
            List<String> tail = all.size() > JOB_LOG_TAIL ? all.subList(all.size() - JOB_LOG_TAIL, all.size()) : all;
            return new TargetRuntime.JobOutcome(exit, durationMs, timedOut, List.copyOf(tail), all.size());
        } finally {
            delete(name);
        }
    }

    private List<String> log(String pod) {
        try {
            String text = client.pods().inNamespace(settings.namespace()).withName(pod).inContainer(PodDiagnosis.CONTAINER).getLog();
            return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\r?\n"));
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    /** Deletes every service and job pod of the run (each found by name, then by the run's labels). Never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        services.values().forEach(KubernetesTarget::close);
        jobPods.forEach(this::delete);
        try {
            client.pods().inNamespace(settings.namespace()).withLabel(Labels.RUN_ID, PodFactory.labelValue(ctx.runId()))
                    .withLabelIn(Labels.ROLE, "service", "job").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("deleting the service and job pods of run %s: %s (the reaper tries again)", ctx.runId(), e.getMessage());
        }
    }

    private void delete(String pod) {
        try {
            client.pods().inNamespace(settings.namespace()).withName(pod).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("deleting pod %s/%s: %s (the reaper tries again)", settings.namespace(), pod, e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while waiting for the services' pod IPs");
        }
    }
}
