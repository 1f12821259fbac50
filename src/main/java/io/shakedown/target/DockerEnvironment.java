package io.shakedown.target;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.spec.JobSpec;
import io.shakedown.spec.ServiceSpec;
import io.shakedown.spec.TargetSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A run's environment on Docker: a user-defined bridge network of its own (so the app resolves each service by its
 * name, as Compose and Kubernetes do), the service containers on it, the init jobs run to their exit on it. Network
 * and containers carry the run's labels, so a replica that dies mid-run leaves nothing the reaper cannot find.
 */
final class DockerEnvironment implements TargetRuntime.RunEnvironment {
    private static final Logger LOG = Logger.getLogger(DockerEnvironment.class);
    /** How many lines of a job's log the report keeps. */
    static final int JOB_LOG_TAIL = 100;
    private static final Duration POLL = Duration.ofMillis(20);

    private final DockerClients docker;
    private final ImageHygiene hygiene;
    private final EngineSettings settings;
    private final String app;
    private final RunContext ctx;
    private final String network;
    private final List<ContainerTarget> containers = new CopyOnWriteArrayList<>();
    private final List<TargetRuntime.PreparedImage> images = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DockerEnvironment(DockerClients docker, ImageHygiene hygiene, EngineSettings settings, String app, RunContext ctx, String network) {
        this.docker = docker;
        this.hygiene = hygiene;
        this.settings = settings;
        this.app = app;
        this.ctx = ctx;
        this.network = network;
    }

    /** Creates the run's network, labelled with the run and installation; the images it pulls are recorded in {@code hygiene}. */
    static DockerEnvironment create(DockerClients docker, ImageHygiene hygiene, EngineSettings settings, String app, RunContext ctx) {
        String name = "shakedown-" + app.replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            docker.api.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                    .withLabels(Map.of(Labels.RUN_ID, ctx.runId(), Labels.INSTALLATION, settings.installationId(),
                            Labels.APP, app, Labels.ROLE, "network"))
                    .exec();
        } catch (DockerException e) {
            throw new TargetException("could not create the run's network " + name + ": " + DockerClients.rootMessage(e), e);
        }
        return new DockerEnvironment(docker, hygiene, settings, app, ctx, name);
    }

    /** The network's name: the app's container joins it. */
    String network() {
        return network;
    }

    @Override
    public TargetRuntime.StartableTarget createService(String name, ServiceSpec service) {
        var image = prepare(service.image(), service.pull());
        return track(ContainerTarget.create(docker, settings, app, ContainerPlan.service(name, service, network), image.info(), ctx));
    }

    @Override
    public TargetRuntime.JobOutcome runJob(JobSpec job, String image, Cancellation cancellation) throws InterruptedException {
        var prepared = prepare(image, TargetSpec.PullPolicy.MISSING);
        ContainerTarget container = track(ContainerTarget.create(docker, settings, app, ContainerPlan.job(job, image, network), prepared.info(), ctx));
        long t0 = System.nanoTime();
        long deadline = t0 + job.timeout().toNanos();
        try {
            container.start();
            while (container.exited().isEmpty() && System.nanoTime() < deadline && !cancellation.isCancelled()) {
                Thread.sleep(POLL);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            var exit = container.exited();
            if (exit.isPresent()) container.awaitLogEnd(Duration.ofSeconds(2));
            else container.log().flush();
            return new TargetRuntime.JobOutcome(exit.map(ExitInfo::exitCode).orElse(null), ms,
                    exit.isEmpty() && !cancellation.isCancelled(), container.log().tail(JOB_LOG_TAIL), container.log().total());
        } finally {
            container.close();
            containers.remove(container);
        }
    }

    /** Present (pulled as the policy says); one this run brought onto the engine is recorded as ours to remove, like the app's. */
    private ImagePreparer.Prepared prepare(String image, TargetSpec.PullPolicy pull) {
        var prepared = new ImagePreparer(docker).prepare(image, pull);
        if (prepared.broughtHere()) hygiene.pulled(prepared.image());
        images.add(prepared);
        return prepared;
    }

    @Override
    public List<TargetRuntime.PreparedImage> images() {
        return List.copyOf(images);
    }

    private ContainerTarget track(ContainerTarget container) {
        containers.add(container);
        if (closed.get()) { // closed (cancelled) while this one was being created: it must not outlive the run
            container.close();
            throw new TargetException("the run's environment was closed (cancelled) while a container was being created");
        }
        return container;
    }

    /** Removes the service and job containers, then the network (in the background when the settings say so). Idempotent. */
    @Override
    public synchronized void close() { // a second caller (cancel, then the run's end) waits for the first
        if (!closed.compareAndSet(false, true)) return;
        containers.forEach(ContainerTarget::close);
        if (settings.backgroundRemoval()) docker.inBackground(this::removeNetwork);
        else removeNetwork();
    }

    /**
     * The app's and services' removals may still be under way: their endpoints are disconnected first (forcibly), so
     * the network can go now instead of failing with "active endpoints"; what still fails is left to the reaper.
     */
    private void removeNetwork() {
        try {
            var attached = docker.api.inspectNetworkCmd().withNetworkId(network).exec().getContainers();
            if (attached != null) {
                for (String id : attached.keySet()) {
                    try {
                        docker.api.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(id).withForce(true).exec();
                    } catch (DockerException ignored) {
                        // removed meanwhile
                    }
                }
            }
            docker.api.removeNetworkCmd(network).exec();
        } catch (NotFoundException ignored) {
            // already gone
        } catch (RuntimeException e) {
            LOG.warnf("removing network %s: %s (the reaper will retry)", network, DockerClients.rootMessage(e));
        }
    }
}
