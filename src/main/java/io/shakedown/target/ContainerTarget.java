package io.shakedown.target;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.report.Report;
import io.shakedown.spec.ReadinessSpec;
import io.shakedown.spec.TmpfsMount;
import io.shakedown.spec.TargetSpec;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.shakedown.report.DiagnosisKind;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The app's image started as production would: the declared port published on 127.0.0.1 only, env,
 * memory/CPU/pids limits, an init process, never privileged, no host mounts, labelled as ours. The log
 * streams into a {@link LogBuffer}; a watcher notes the exit the moment it happens.
 */
public final class ContainerTarget extends StartedTarget {
    private static final Logger LOG = Logger.getLogger(ContainerTarget.class);
    /** How long one run of a health check command may take (Docker's default is 30s: too long for a readiness pace). */
    private static final Duration HEALTHCHECK_TIMEOUT = Duration.ofSeconds(10);

    private final DockerClients docker;
    private final EngineSettings settings;
    private final String containerId;
    private final String image;
    private final String imageId;
    private final int port;
    private final boolean hasHealthcheck;
    private volatile ExitInfo exit;
    private volatile boolean closing;
    private volatile Integer hostPort;
    /** With {@code settings.network()}: the app's address on that network (reached at the declared port). */
    private volatile String networkIp;
    private volatile long pid;
    private final List<Closeable> streams = new ArrayList<>();
    private ResultCallback.Adapter<Frame> logStream;
    private final Object removalLock = new Object();
    private boolean removalStarted;
    private SocketSource socketSource;
    private SocketTable.Reading lastReading;
    private long lastReadingNanos;
    private long lastFailureNanos;

    private final TargetSpec.SecurityProfile security;
    private final Long diskLimit;
    private volatile DiskWatch diskWatch;

    private ContainerTarget(DockerClients docker, EngineSettings settings, String containerId, String image,
                            InspectImageResponse imageInfo, int port, TargetSpec.SecurityProfile security, Long diskLimit,
                            boolean healthcheckGiven) {
        this.security = security;
        this.diskLimit = diskLimit;
        this.docker = docker;
        this.settings = settings;
        this.containerId = containerId;
        this.image = image;
        this.imageId = imageInfo.getId();
        this.port = port;
        var hc = imageInfo.getConfig() == null ? null : imageInfo.getConfig().getHealthcheck();
        this.hasHealthcheck = healthcheckGiven || hc != null && hc.getTest() != null && !hc.getTest().isEmpty() && !"NONE".equals(hc.getTest().getFirst());
    }

    /** Checks the engine answers and the image is present, pulling it if the policy says so. */
    public static ImagePreparer.Prepared prepareImage(DockerClients docker, TargetSpec spec) {
        docker.ping();
        return new ImagePreparer(docker).prepare(spec.image(), spec.pull());
    }

    /** Creates the app's container (not started yet); with {@code network}, on the run's own network beside its services. */
    public static ContainerTarget create(DockerClients docker, EngineSettings settings, String app, TargetSpec spec,
                                         ImagePreparer.Prepared image, RunContext ctx, String network) {
        return create(docker, settings, app, ContainerPlan.app(spec, network), image.info(), ctx);
    }

    /** Creates the container of {@code plan} (not started yet), labelled with the run, the app and its role. */
    static ContainerTarget create(DockerClients docker, EngineSettings settings, String app, ContainerPlan plan,
                                  InspectImageResponse imageInfo, RunContext ctx) {
        ExposedPort exposed = plan.port() == null ? null : ExposedPort.tcp(plan.port());
        HostConfig host = HostConfig.newHostConfig();
        if (plan.network() != null) {
            host.withNetworkMode(plan.network()); // the run's own network: the others reach it by its alias
            if (plan.publish() && exposed != null && settings.network().isEmpty()) host.withPortBindings(publishedOnLoopback(exposed));
        } else if (settings.network().isPresent()) {
            host.withNetworkMode(settings.network().get()); // reached at its IP on that network: nothing published
        } else {
            host.withPortBindings(publishedOnLoopback(exposed));
        }
        var resources = plan.resources();
        host
                .withInit(true) // busybox-like PID 1s ignore SIGTERM; init makes stop quick
                .withPrivileged(false)
                .withPidsLimit(resources == null || resources.pids() == null ? TargetSpec.Resources.DEFAULT_PIDS : resources.pids());
        ContainerSecurity.apply(host, plan.security());
        if (!plan.tmpfs().isEmpty()) host.withTmpFs(tmpfs(plan.tmpfs()));
        if (resources != null && resources.memoryBytes() != null) {
            host.withMemory(resources.memoryBytes()).withMemorySwap(resources.memoryBytes());
        }
        if (resources != null && resources.cpus() != null) {
            host.withNanoCPUs((long) (resources.cpus() * 1_000_000_000L));
        }
        Map<String, String> labels = new HashMap<>();
        labels.put(Labels.RUN_ID, ctx.runId());
        labels.put(Labels.INSTALLATION, settings.installationId());
        labels.put(Labels.APP, app);
        labels.put(Labels.ROLE, plan.role());
        if (plan.label() != null) labels.put(Labels.NAME, plan.label());
        List<String> env = new ArrayList<>();
        plan.env().forEach((k, v) -> env.add(k + "=" + v));
        String name = "shakedown-" + safeName(app) + (plan.label() == null ? "" : "-" + safeName(plan.label()))
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            CreateContainerCmd create = docker.api.createContainerCmd(plan.image())
                    .withName(name)
                    .withLabels(labels)
                    .withEnv(env)
                    .withHostConfig(host);
            if (exposed != null) create.withExposedPorts(exposed);
            if (plan.alias() != null) create.withAliases(plan.alias());
            if (plan.command() != null && !plan.command().isEmpty()) create.withCmd(plan.command());
            if (plan.healthcheck() != null) create.withHealthcheck(healthcheck(plan.healthcheck()));
            if (plan.entrypoint() != null && !plan.entrypoint().isEmpty()) create.withEntrypoint(plan.entrypoint());
            String id = create.exec().getId();
            var created = new ContainerTarget(docker, settings, id, plan.image(), imageInfo, plan.port() == null ? 0 : plan.port(),
                    plan.security(), resources == null ? null : resources.diskBytes(), plan.healthcheck() != null);
            if (plan.network() != null && settings.network().isPresent()) {
                // Shakedown itself runs in a container on that network: join it too, so the probes reach this one by IP
                docker.api.connectToNetworkCmd().withNetworkId(settings.network().get()).withContainerId(id).exec();
            }
            return created;
        } catch (DockerException e) {
            throw new TargetException("could not create a container from " + plan.image() + ": " + DockerClients.rootMessage(e), e);
        }
    }

    /**
     * The command Docker runs in the container as its health check, at the readiness' pace; a failing check never makes
     * the wait give up early (Docker keeps checking after "unhealthy"): the service's startupTimeout bounds it.
     */
    private static HealthCheck healthcheck(ReadinessSpec.Healthcheck spec) {
        long interval = spec.interval().toNanos();
        return new HealthCheck().withTest(spec.test()).withInterval(interval).withTimeout(HEALTHCHECK_TIMEOUT.toNanos()).withRetries(3);
    }

    /** {@code /run:size=64m} → /run with its options (Docker's and Compose's form); a bare path gets Docker's defaults. */
    private static Map<String, String> tmpfs(List<String> mounts) {
        Map<String, String> out = new HashMap<>();
        for (String m : mounts) {
            TmpfsMount mount = TmpfsMount.of(m);
            out.put(mount.path(), mount.options());
        }
        return out;
    }

    private static Ports publishedOnLoopback(ExposedPort exposed) {
        Ports bindings = new Ports();
        bindings.bind(exposed, Ports.Binding.bindIp("127.0.0.1")); // no host port: Docker picks a free one
        return bindings;
    }

    private static String safeName(String app) {
        return app.replaceAll("[^A-Za-z0-9_.-]", "-");
    }

    /** Starts the container, then follows its log and watches for its exit. */
    @Override
    public void start() {
        try {
            docker.api.startContainerCmd(containerId).exec();
        } catch (DockerException e) {
            throw new TargetException("Docker could not start the container of " + image + ": " + DockerClients.rootMessage(e), e);
        }
        followLog();
        watchExit();
        if (diskLimit != null) {
            diskWatch = new DiskWatch(docker, containerId, diskLimit);
            streams.add(diskWatch);
        }
        InspectContainerResponse inspected = docker.api.inspectContainerCmd(containerId).exec();
        pid = inspected.getState().getPidLong() == null ? 0 : inspected.getState().getPidLong();
        if (settings.network().isPresent()) {
            var onNetwork = inspected.getNetworkSettings().getNetworks().get(settings.network().get());
            if (onNetwork != null && onNetwork.getIpAddress() != null && !onNetwork.getIpAddress().isBlank()) {
                networkIp = onNetwork.getIpAddress();
                hostPort = port;
            }
            return;
        }
        if (port == 0) return; // a job: nothing to reach
        var bound = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(port));
        if (bound != null && bound.length > 0) hostPort = Integer.parseInt(bound[0].getHostPortSpec());
    }

    private void followLog() {
        var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                log().append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        };
        docker.streams.logContainerCmd(containerId).withFollowStream(true).withStdOut(true).withStdErr(true).exec(callback);
        streams.add(callback);
        logStream = callback;
    }

    /** After an exit: waits (at most {@code max}) for the last log lines still in flight, so a job's tail is complete. */
    void awaitLogEnd(Duration max) throws InterruptedException {
        if (logStream != null) logStream.awaitCompletion(max.toMillis(), TimeUnit.MILLISECONDS);
        log().flush();
    }

    private void watchExit() {
        Thread.ofVirtual().name("exit-watch-" + containerId.substring(0, 12)).start(() -> {
            try {
                docker.streams.waitContainerCmd(containerId).start().awaitStatusCode();
                long ran = runMillis(); // when it exited, not after a second look at its state
                var state = exitState(() -> docker.api.inspectContainerCmd(containerId).exec().getState(), () -> closing, LOOK_AGAIN_AFTER);
                long code = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
                exit = new ExitInfo(code, Boolean.TRUE.equals(state.getOOMKilled()), blankToNull(state.getError()), ran);
                log().flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // Removed while waiting: normal at our own close. Otherwise someone else removed it mid-run.
                if (!closing) {
                    exit = new ExitInfo(-1, false, "the container disappeared: it was removed outside this run ("
                            + DockerClients.rootMessage(e) + ")", runMillis());
                }
            }
        });
    }

    /** How long after a bare SIGKILL exit the container is looked at again (see {@link #exitState}). */
    static final Duration LOOK_AGAIN_AFTER = Duration.ofMillis(300);

    /**
     * The state an exited container ended in. Exit code 137 without the OOM flag is looked at once more after
     * {@code lookAgainAfter}, and that second reading is the one kept: Docker records the kernel's OOM kill from an
     * event of its own, which under load can come after the exit the wait returned on (the first reading then says "not
     * OOM-killed", and the run would miss the OOM diagnosis and its rule); and a `docker rm -f` by someone else looks
     * just like this until the removal completes — then the second look throws (404), which the caller reports.
     */
    static InspectContainerResponse.ContainerState exitState(Supplier<InspectContainerResponse.ContainerState> inspect,
                                                            BooleanSupplier closing, Duration lookAgainAfter)
            throws InterruptedException {
        var state = inspect.get();
        long code = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
        if (code == 137 && !Boolean.TRUE.equals(state.getOOMKilled()) && !closing.getAsBoolean()) {
            Thread.sleep(lookAgainAfter.toMillis());
            state = inspect.get();
        }
        return state;
    }

    @Override
    public URI baseUrl() {
        return URI.create("http://" + (networkIp == null ? "127.0.0.1" : networkIp) + ":" + (hostPort == null ? 0 : hostPort));
    }

    @Override
    public Report.TargetInfo info() {
        return new Report.TargetInfo("image", image, imageId, containerId, hostPort == null ? null : baseUrl().toString(), port,
                ContainerSecurity.name(security));
    }

    @Override
    public Optional<ExitInfo> exited() {
        return Optional.ofNullable(exit);
    }

    @Override
    public int declaredPort() {
        return port;
    }

    public String containerId() {
        return containerId;
    }

    private volatile ContainerEvidence evidence;

    /** docker inspect, cp and top of this container, for the rules (read once each). */
    @Override
    public Optional<ContainerEvidence> evidence() {
        if (evidence == null) evidence = new DockerEvidence(docker, containerId, imageId, () -> exit != null ? 0 : pid);
        return Optional.of(evidence);
    }

    /** The app filled its disk allowance and was stopped for it (see {@link DiskWatch}). */
    @Override
    public Optional<Report.Diagnosis> runtimeDiagnosis() {
        DiskWatch watch = diskWatch;
        return watch == null ? Optional.empty() : watch.exceeded().map(what -> new Report.Diagnosis(DiagnosisKind.DISK_LIMIT_EXCEEDED, what,
                log().tail(12), "find what the app writes without end (logs to a file, a cache, uploads kept on local disk); "
                + "send logs to stdout, put data on a volume or a service, or raise target.resources.disk if it really needs more", null));
    }

    /** docker stats' pids_stats (one sample, a fraction of a second): what the pids cgroup counts and allows. */
    @Override
    public Optional<ProcessCount> processes() {
        var sample = new java.util.concurrent.CompletableFuture<com.github.dockerjava.api.model.Statistics>();
        try (var callback = docker.api.statsCmd(containerId).withNoStream(true).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Statistics stats) {
                sample.complete(stats);
            }
        })) {
            var stats = sample.get(5, TimeUnit.SECONDS);
            Long current = stats.getPidsStats() == null ? null : stats.getPidsStats().getCurrent();
            Long limit = docker.api.inspectContainerCmd(containerId).exec().getHostConfig().getPidsLimit();
            return current == null || limit == null || limit <= 0 ? Optional.empty() : Optional.of(new ProcessCount(current, limit));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.debugf("container %s: its process count could not be read: %s", containerId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> healthStatus() {
        if (!hasHealthcheck) return Optional.empty();
        try {
            var health = docker.api.inspectContainerCmd(containerId).exec().getState().getHealth();
            return Optional.of(health == null || health.getStatus() == null ? "starting" : health.getStatus());
        } catch (DockerException e) {
            return Optional.of("unknown");
        }
    }

    /**
     * Reads the container's listening sockets, trying in turn: the host's /proc (Shakedown on the host,
     * cheapest), a {@code cat} inside the container, and a helper container sharing its network
     * namespace (for shell-less images when the host's /proc is not ours to read). The first source
     * that works is kept; slow sources are not asked more than once a second.
     */
    @Override
    public synchronized Optional<SocketTable.Reading> listeningSockets() {
        // When no source works, asking again at every 20 ms poll would run an exec and a helper container each time.
        if (socketSource == null && lastFailureNanos != 0 && System.nanoTime() - lastFailureNanos < TimeUnit.SECONDS.toNanos(2)) {
            return Optional.empty();
        }
        if (socketSource != null && socketSource.slow() && lastReading != null
                && System.nanoTime() - lastReadingNanos < TimeUnit.SECONDS.toNanos(1)) {
            return Optional.of(lastReading);
        }
        List<SocketSource> sources = socketSource != null ? List.of(socketSource)
                : List.of(new SocketSource("host", false, this::readHostProc),
                          new SocketSource("exec", true, this::readByExec),
                          new SocketSource("helper", true, this::readByHelper));
        for (SocketSource source : sources) {
            try {
                SocketTable.Reading reading = source.read().get();
                if (reading != null) {
                    socketSource = source;
                    lastReading = reading;
                    lastReadingNanos = System.nanoTime();
                    return Optional.of(reading);
                }
            } catch (RuntimeException e) {
                LOG.debugf("socket source %s failed: %s", source.name(), e.getMessage());
            }
        }
        lastFailureNanos = System.nanoTime();
        return Optional.empty();
    }

    private record SocketSource(String name, boolean slow, Supplier<SocketTable.Reading> read) {}

    private SocketTable.Reading readHostProc() {
        return pid <= 0 || exit != null ? null : SocketSources.hostProc(pid, containerId);
    }

    private SocketTable.Reading readByExec() {
        return exit != null ? null : SocketSources.exec(docker, containerId);
    }

    private SocketTable.Reading readByHelper() {
        return exit != null ? null : SocketSources.helper(docker, settings.diagnosisHelperImage(), settings.installationId(), containerId);
    }

    /**
     * Kills and removes the container in one call (the validation is over; a graceful stop would only
     * add its grace period). Never throws: cleanup must not hide the run's real outcome.
     */
    @Override
    public void close() {
        closing = true;
        // A cancel closes it from another thread while the run's own end closes it too: the second caller waits for
        // the first's removal (inline mode), so "the run is over" never comes before "the container is gone".
        synchronized (removalLock) {
            if (removalStarted) return;
            removalStarted = true;
            closeQuietly(streams);
            if (settings.backgroundRemoval()) docker.inBackground(this::remove);
            else remove();
        }
    }

    private void remove() {
        RuntimeException failed = DockerClients.removeRetrying(
                () -> docker.api.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec(), DockerClients::pause);
        if (failed != null) LOG.warnf("removing container %s: %s (the reaper will retry)", containerId, failed.getMessage());
    }
}
