package io.shakedown.store;

import io.shakedown.target.ImageHygiene;
import io.shakedown.target.PulledImages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's ledger of pulled images (table {@code pulled_image}, per installation): survives restarts and is
 * shared by the replicas of one installation. Also answers which images the queue still needs: a QUEUED or RUNNING
 * run whose target is the image, or whose spec names it (an A/B baseline).
 */
@ApplicationScoped
public class PgPulledImages implements PulledImages, ImageHygiene.Demand {

    @Inject EntityManager em;
    @ConfigProperty(name = "shakedown.installation-id", defaultValue = "default") String installation;

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public void recordPull(String image, String repository) {
        em.createNativeQuery("""
                insert into pulled_image (installation_id, image, repository, pulled_at, used_at) values (:i, :image, :repo, now(), clock_timestamp())
                on conflict (installation_id, image) do update set pulled_at = now(), used_at = clock_timestamp()""")
                .setParameter("i", installation).setParameter("image", image).setParameter("repo", repository).executeUpdate();
    }

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public boolean contains(String image) {
        return !em.createNativeQuery("select 1 from pulled_image where installation_id = :i and image = :image")
                .setParameter("i", installation).setParameter("image", image).getResultList().isEmpty();
    }

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public void touch(String image) {
        em.createNativeQuery("update pulled_image set used_at = clock_timestamp() where installation_id = :i and image = :image")
                .setParameter("i", installation).setParameter("image", image).executeUpdate();
    }

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public List<String> ofRepository(String repository) {
        return em.createNativeQuery("""
                select image from pulled_image where installation_id = :i and repository = :repo order by used_at desc, image""", String.class)
                .setParameter("i", installation).setParameter("repo", repository).getResultList();
    }

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public Set<String> repositories() {
        return new LinkedHashSet<>(em.createNativeQuery("select distinct repository from pulled_image where installation_id = :i order by 1", String.class)
                .setParameter("i", installation).getResultList());
    }

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public void forget(String image) {
        em.createNativeQuery("delete from pulled_image where installation_id = :i and image = :image")
                .setParameter("i", installation).setParameter("image", image).executeUpdate();
    }

    /** {@code runId} empty (the periodic sweep): any queued or running run counts. */
    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public boolean neededByAnotherRun(String image, String runId) {
        UUID self = runId == null || runId.isBlank() ? new UUID(0, 0) : UUID.fromString(runId);
        return !em.createNativeQuery("""
                select 1 from validation_run
                 where status in ('QUEUED', 'RUNNING') and id <> :self
                   and (target = :image or strpos(spec_text, :image) > 0)
                 limit 1""")
                .setParameter("self", self).setParameter("image", image).getResultList().isEmpty();
    }
}
