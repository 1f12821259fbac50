package io.shakedown.target.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.shakedown.report.Report;
import io.shakedown.spec.TargetSpec;
import io.shakedown.target.ExitInfo;
import io.shakedown.target.StartedTarget;
import io.shakedown.target.TargetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One run's pod. {@link #start()} creates it and watches it; the latest pod document drives everything
 * else: the exit (fail fast on a crash or an image that cannot be pulled), the diagnosis ({@link PodDiagnosis}),
 * the log (followed from the moment the container runs) and the address readiness probes use: the pod IP
 * from inside the cluster, or a port-forward when Shakedown runs outside it. {@link #close()} deletes the pod
 * (background propagation) whatever happened.
 */
public final class KubernetesTarget extends StartedTarget {
    private static final Logger LOG = Logger.getLogger(KubernetesTarget.class);
    private static final URI NOWHERE = URI.create("http://127.0.0.1:0");

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final Pod definition;
    private final TargetSpec spec;
    private final String name;
    private volatile Pod current;
    private volatile boolean removed;
    private volatile boolean closing;
    private volatile boolean watchLost;
    private volatile long lastRefreshNanos;
    private Watch watch;
    private LogWatch logWatch;
    /** Counted down once the followed log delivered its first line or ended: the diagnosis waits for it, briefly. */
    private final CountDownLatch logStarted = new CountDownLatch(1);
    private LocalPortForward forward;

    KubernetesTarget(KubernetesClient client, KubernetesSettings settings, Pod definition, TargetSpec spec) {
        this.client = client;
        this.settings = settings;
        this.definition = definition;
        this.spec = spec;
        this.name = definition.getMetadata().getName();
    }

    private PodResource pod() {
        return client.pods().inNamespace(settings.namespace()).withName(name);
    }

    /** Creates the pod, then watches it (and reads it once, so no change between the two is missed). */
    @Override
    public void start() {
        try {
            current = client.pods().inNamespace(settings.namespace()).resource(definition).create();
        } catch (KubernetesClientException e) {
            throw new TargetException("the cluster refused the pod for " + spec.image() + " in namespace " + settings.namespace()
                    + " (HTTP " + e.getCode() + ": " + e.getMessage() + ")"
                    + (e.getCode() == 403 ? "; the service account needs the Role of k8s/overlays/kubernetes-runtime in that namespace, "
                    + "and a ResourceQuota may forbid more pods" : ""), e);
        }
        watch = pod().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.DELETED) {
                    if (!closing) removed = true;
                } else {
                    update(pod);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                watchLost = true; // read the pod on demand from now on
                LOG.debugf("watch of pod %s closed: %s", name, cause.getMessage());
            }
        });
        Pod now = pod().get();
        if (now == null) removed = true;
        else update(now);
    }

    private synchronized void update(Pod pod) {
        current = pod;
        var cs = PodDiagnosis.container(pod);
        if (logWatch == null && !closing && cs != null && cs.getState() != null
                && (cs.getState().getRunning() != null || cs.getState().getTerminated() != null)) {
            followLog();
        }
    }

    /** The container's output into the buffer, line by line, until the pod goes away. */
    private void followLog() {
        try {
            logWatch = pod().inContainer(PodDiagnosis.CONTAINER).watchLog();
        } catch (KubernetesClientException e) {
            LOG.debugf("log of pod %s: %s", name, e.getMessage());
            return;
        }
        var stream = logWatch.getOutput();
        Thread.ofVirtual().name("pod-log-" + name).start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log().append(line + "\n");
                    logStarted.countDown();
                }
            } catch (IOException | RuntimeException e) {
                if (!closing) LOG.debugf("log of pod %s ended: %s", name, e.getMessage());
            } finally {
                log().flush();
                logStarted.countDown();
            }
        });
    }

    /** The latest pod document; read from the API at most once a second when the watch was lost. */
    Pod current() {
        if (watchLost && !closing && System.nanoTime() - lastRefreshNanos > TimeUnit.SECONDS.toNanos(1)) {
            lastRefreshNanos = System.nanoTime();
            try {
                Pod now = pod().get();
                if (now == null) removed = true;
                else update(now);
            } catch (KubernetesClientException e) {
                LOG.debugf("reading pod %s: %s", name, e.getMessage());
            }
        }
        return current;
    }

    public String name() {
        return name;
    }

    @Override
    public URI baseUrl() {
        Pod pod = current();
        if (pod == null || pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase()) || pod.getStatus().getPodIP() == null) {
            return NOWHERE; // not running yet: probes fail fast and try again
        }
        if (settings.access() == KubernetesSettings.Access.POD_IP) {
            String ip = pod.getStatus().getPodIP();
            return URI.create("http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + spec.port());
        }
        synchronized (this) {
            if (forward == null && !closing) {
                try {
                    forward = pod().portForward(spec.port());
                } catch (KubernetesClientException e) {
                    LOG.debugf("port-forward to pod %s: %s", name, e.getMessage());
                    return NOWHERE;
                }
            }
            return forward == null ? NOWHERE : URI.create("http://127.0.0.1:" + forward.getLocalPort());
        }
    }

    @Override
    public Report.TargetInfo info() {
        Pod pod = current;
        var cs = PodDiagnosis.container(pod);
        URI url = baseUrl();
        return new Report.TargetInfo("pod", spec.image(), cs == null ? null : blankToNull(cs.getImageID()),
                settings.namespace() + "/" + name, url == NOWHERE ? null : url.toString(), spec.port());
    }

    /**
     * With an exec readiness probe in the pod (a service's health check command), the kubelet's verdict: "healthy" once
     * the container is Ready, "starting" until then — what Docker's health status says for a HEALTHCHECK.
     */
    @Override
    public Optional<String> healthStatus() {
        var declared = definition.getSpec().getContainers().getFirst().getReadinessProbe();
        if (declared == null || declared.getExec() == null) return Optional.empty();
        var cs = PodDiagnosis.container(current());
        return Optional.of(cs != null && Boolean.TRUE.equals(cs.getReady()) ? "healthy" : "starting");
    }

    @Override
    public Optional<ExitInfo> exited() {
        if (removed && !closing) {
            return Optional.of(new ExitInfo(-1, false, "the pod disappeared: it was deleted outside this run", runMillis()));
        }
        return PodDiagnosis.exit(current(), runMillis());
    }

    @Override
    public Optional<Report.Diagnosis> runtimeDiagnosis() {
        return PodDiagnosis.diagnose(removed ? null : current(), events(), this::logTail, spec);
    }

    /** The pod's events (reason, message, count), for the diagnosis; empty when they cannot be read. */
    List<Event> events() {
        try {
            var events = client.v1().events().inNamespace(settings.namespace());
            List<Event> ours = ofThisPod(events.withField("involvedObject.name", name).list().getItems());
            // an API server that does not index that field (the mock one of the API tests) answers nothing:
            // the whole list of the runs' namespace, filtered here, is the fallback (read once, at diagnosis)
            return ours.isEmpty() ? ofThisPod(events.list().getItems()) : ours;
        } catch (KubernetesClientException e) {
            LOG.debugf("events of pod %s: %s", name, e.getMessage());
            return List.of();
        }
    }

    private List<Event> ofThisPod(List<Event> events) {
        return events.stream().filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName())).toList();
    }

    /** The followed log, or the last lines straight from the API when following had not caught them. */
    private List<String> logTail() {
        // the watch event that shows the crash is also what starts following the log: give the follower a moment to
        // deliver, or the diagnosis says "no log" while the rules, a moment later, read the app's last words
        boolean following;
        synchronized (this) {
            following = logWatch != null;
        }
        if (following) {
            try {
                logStarted.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> lines = log().tail(50);
        if (!lines.isEmpty()) return lines;
        try {
            String text = pod().inContainer(PodDiagnosis.CONTAINER).tailingLines(50).getLog();
            return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\r?\n"));
        } catch (KubernetesClientException e) {
            LOG.debugf("log tail of pod %s: %s", name, e.getMessage());
            return List.of();
        }
    }

    @Override
    public int declaredPort() {
        return spec.port();
    }

    @Override
    public String socketTableUnavailable() {
        return "the pod's socket table is not read: the Kubernetes runtime does not exec into pods (its Role grants pods, "
                + "pods/log, pods/portforward and events only)";
    }

    @Override
    public Optional<String> unavailableEvidence() {
        return Optional.of("evidence not available for a pod (Kubernetes runtime): image files, image and container configuration, "
                + "process list, socket tables; rules that need them did not fire");
    }

    /** Stops following, closes the port-forward and deletes the pod (background propagation). Never throws. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        closeQuietly(Arrays.asList(watch, logWatch, forward)); // any may not exist yet
        try {
            pod().withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("deleting pod %s/%s: %s (the reaper tries again)", settings.namespace(), name, e.getMessage());
        }
    }
}
