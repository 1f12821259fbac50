package io.shakedown.target;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.spec.TargetSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The default runtime: one container per run on a Docker engine (local, or {@code shakedown.docker.host}); with services
 * or jobs, those too, on a network of the run's own ({@link DockerEnvironment}).
 */
public final class DockerRuntime implements TargetRuntime {
    private static final Logger LOG = Logger.getLogger(DockerRuntime.class);

    private final EngineSettings settings;
    private final ImageHygiene images;
    private volatile DockerClients docker;

    /** The one-shot command's: the images this process pulls go at the end of the run that pulled them. */
    public DockerRuntime(EngineSettings settings) {
        this(settings, ImageHygiene.inMemory());
    }

    public DockerRuntime(EngineSettings settings, ImageHygiene images) {
        this.settings = settings;
        this.images = images;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public PreparedImage prepare(TargetSpec spec) {
        var prepared = ContainerTarget.prepareImage(docker(), spec);
        if (prepared.broughtHere()) images.pulled(prepared.image());
        return prepared;
    }

    @Override
    public List<String> release(String runId, List<PreparedImage> prepared) {
        var used = prepared.stream().map(p -> ((ImagePreparer.Prepared) p).image()).distinct().toList();
        return used.isEmpty() ? List.of() : images.release(docker(), settings.installationId(), runId, used);
    }

    @Override
    public java.util.Optional<EngineDisk.Free> dataRootFree() {
        return java.util.Optional.of(EngineDisk.measure(docker(), settings.diagnosisHelperImage(), settings.installationId(), true));
    }

    @Override
    public int sweepImages() {
        return images.sweep(docker());
    }

    @Override
    public long imagesRemoved() {
        return images.removed();
    }

    /** A created container does not run until started: the engine creates the app's while its services start. */
    @Override
    public boolean createsStopped() {
        return true;
    }

    @Override
    public StartableTarget create(String app, TargetSpec spec, PreparedImage image, RunContext ctx) {
        return create(app, spec, image, ctx, null);
    }

    @Override
    public StartableTarget create(String app, TargetSpec spec, PreparedImage image, RunContext ctx, RunEnvironment environment) {
        String network = environment == null ? null : ((DockerEnvironment) environment).network();
        return ContainerTarget.create(docker(), settings, app, spec, (ImagePreparer.Prepared) image, ctx, network);
    }

    @Override
    public RunEnvironment environment(String app, RunContext ctx) {
        return DockerEnvironment.create(docker(), images, settings, app, ctx);
    }

    @Override
    public int alive() {
        try {
            return docker().api.listContainersCmd()
                    .withLabelFilter(Map.of(Labels.INSTALLATION, settings.installationId())).exec().size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Stops and removes this installation's labelled containers whose run id {@code isLive} rejects, then the networks
     * of such runs (services and jobs); returns how many containers and networks were removed.
     */
    @Override
    public int reap(Predicate<String> isLive) {
        return reapContainers(isLive) + reapNetworks(isLive);
    }

    private int reapContainers(Predicate<String> isLive) {
        List<Container> ours;
        try {
            ours = docker().api.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.INSTALLATION, settings.installationId())).exec();
        } catch (RuntimeException e) {
            LOG.warnf("cannot list containers to reap: %s", DockerClients.rootMessage(e));
            return 0;
        }
        int removed = 0;
        for (Container c : ours) {
            String runId = c.getLabels().getOrDefault(Labels.RUN_ID, "");
            String owner = runId.startsWith("helper-of-") ? "" : runId; // a leftover diagnosis helper is never live
            if (!owner.isEmpty() && isLive.test(owner)) continue;
            try {
                docker().api.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
                LOG.infof("reaped container %s of run %s", c.getId().substring(0, 12), runId);
            } catch (DockerException e) {
                LOG.warnf("could not reap container %s: %s", c.getId(), e.getMessage());
            }
        }
        return removed;
    }

    /** After the containers: a network still attached to something is left for the next round. */
    private int reapNetworks(Predicate<String> isLive) {
        List<Network> ours;
        try {
            ours = docker().api.listNetworksCmd().withFilter("label", List.of(Labels.INSTALLATION + "=" + settings.installationId())).exec();
        } catch (RuntimeException e) {
            LOG.warnf("cannot list networks to reap: %s", DockerClients.rootMessage(e));
            return 0;
        }
        int removed = 0;
        for (Network n : ours) {
            String runId = n.getLabels() == null ? "" : n.getLabels().getOrDefault(Labels.RUN_ID, "");
            if (!runId.isEmpty() && isLive.test(runId)) continue;
            try {
                docker().api.removeNetworkCmd(n.getId()).exec();
                removed++;
                LOG.infof("reaped network %s of run %s", n.getName(), runId);
            } catch (DockerException e) {
                LOG.warnf("could not reap network %s: %s", n.getName(), e.getMessage());
            }
        }
        return removed;
    }

    @Override
    public void ping() {
        docker().ping();
    }

    /** The engine's clients, for the rules stage's container evidence. */
    public DockerClients docker() {
        if (docker == null) {
            synchronized (this) {
                if (docker == null) docker = new DockerClients(settings);
            }
        }
        return docker;
    }

    @Override
    public void close() {
        if (docker != null) docker.close();
    }
}
