package io.shakedown.target;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Bounds the images Shakedown leaves on the engine. A pipeline validating a new tag per commit would otherwise fill
 * the Docker host's disk in days. An image Shakedown pulled (recorded in {@link PulledImages}) is removed once no
 * queued or running run needs it — or, with {@code keepRecent = N}, only beyond the N most recently used tags of its
 * repository (an A/B comparison needs the previous image). An image that was on the engine before is never in the
 * ledger, so it is never removed; removing a tag that another tag shares only untags it.
 */
public final class ImageHygiene {
    private static final Logger LOG = Logger.getLogger(ImageHygiene.class);

    /**
     * @param removePulled false: pulled images stay (the behaviour before this policy existed)
     * @param keepRecent   how many of each repository's pulled tags stay, most recently used first (0: none)
     */
    public record Policy(boolean removePulled, int keepRecent) {
        public static final Policy DEFAULT = new Policy(true, 0);

        public Policy {
            if (keepRecent < 0) throw new IllegalArgumentException("keepRecent must be 0 or more, not " + keepRecent);
        }
    }

    /** Whether a run other than {@code runId} (queued or running) needs {@code image}; the one-shot command has none. */
    @FunctionalInterface
    public interface Demand {
        Demand NONE = (image, runId) -> false;

        boolean neededByAnotherRun(String image, String runId);
    }

    /** How long a release waits for a container removal already under way before it tries the image anyway. */
    private static final Duration CONTAINER_GONE_WITHIN = Duration.ofSeconds(30);

    private final PulledImages ledger;
    private final Policy policy;
    private final Demand demand;
    private final LongAdder removed = new LongAdder();

    public ImageHygiene(PulledImages ledger, Policy policy, Demand demand) {
        this.ledger = ledger;
        this.policy = policy;
        this.demand = demand;
    }

    /** The one-shot command's: what this process pulled goes at the end of its run. */
    public static ImageHygiene inMemory() {
        return new ImageHygiene(PulledImages.inMemory(), Policy.DEFAULT, Demand.NONE);
    }

    /** Images removed by this process, for the service's metrics. */
    public long removed() {
        return removed.sum();
    }

    /** The image stage pulled {@code image}, which was not on the engine before: ours to remove later. */
    void pulled(String image) {
        ledger.recordPull(image, repository(image));
    }

    /**
     * After run {@code runId}: its containers go first (even a stopped one pins its image), then whatever the policy
     * says of the repositories of {@code images}. Returns the images removed, for the cleanup stage. Never throws.
     */
    List<String> release(DockerClients docker, String installation, String runId, Collection<String> images) {
        var repositories = new LinkedHashSet<String>();
        try {
            for (String image : images) {
                if (!ledger.contains(image)) continue;
                ledger.touch(image);
                repositories.add(repository(image));
            }
            if (!policy.removePulled() || repositories.isEmpty()) return List.of();
            removeContainersOf(docker, installation, runId);
            var out = new ArrayList<String>();
            for (String repository : repositories) out.addAll(trim(docker, repository, runId));
            return out;
        } catch (RuntimeException e) {
            LOG.warnf("run %s: could not release its pulled images (%s); the periodic sweep retries", runId, DockerClients.rootMessage(e));
            return List.of();
        }
    }

    /**
     * Every repository of the ledger brought within the policy: catches what a crash between pull and release left,
     * and images another run needed at the time. Returns how many were removed.
     */
    int sweep(DockerClients docker) {
        if (!policy.removePulled()) return 0;
        int n = 0;
        for (String repository : ledger.repositories()) n += trim(docker, repository, "").size();
        return n;
    }

    /** The pulled tags of {@code repository} beyond the N most recent, unless another run needs one. */
    private List<String> trim(DockerClients docker, String repository, String runId) {
        var out = new ArrayList<String>();
        List<String> newestFirst = ledger.ofRepository(repository);
        for (int i = policy.keepRecent(); i < newestFirst.size(); i++) {
            String image = newestFirst.get(i);
            if (demand.neededByAnotherRun(image, runId)) continue; // its run releases it later
            if (remove(docker, image)) out.add(image);
        }
        return out;
    }

    private boolean remove(DockerClients docker, String image) {
        try {
            docker.api.removeImageCmd(image).withForce(false).exec();
            ledger.forget(image);
            removed.increment();
            LOG.infof("removed pulled image %s", image);
            return true;
        } catch (NotFoundException e) {
            ledger.forget(image); // removed by someone else: nothing left to look after
            return false;
        } catch (ConflictException e) {
            // a container that is not ours to remove uses it: keep it (and the entry) for a later sweep
            LOG.infof("pulled image %s is still in use (%s); kept for now", image, DockerClients.rootMessage(e));
            return false;
        } catch (RuntimeException e) {
            LOG.warnf("could not remove pulled image %s: %s", image, DockerClients.rootMessage(e));
            return false;
        }
    }

    private static void removeContainersOf(DockerClients docker, String installation, String runId) {
        var containers = docker.api.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.INSTALLATION, installation, Labels.RUN_ID, runId)).exec();
        for (var c : containers) {
            try {
                docker.api.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException ignored) {
                // the background removal got there first
            } catch (ConflictException e) {
                awaitGone(docker, c.getId()); // "removal already in progress": the background removal is at it
            }
        }
    }

    private static void awaitGone(DockerClients docker, String containerId) {
        long deadline = System.nanoTime() + CONTAINER_GONE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                docker.api.inspectContainerCmd(containerId).exec();
                Thread.sleep(100);
            } catch (NotFoundException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code registry:5000/team/app:1.2} → {@code registry:5000/team/app}; a digest reference loses its digest. */
    static String repository(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        if (at >= 0) ref = ref.substring(0, at);
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
    }
}
