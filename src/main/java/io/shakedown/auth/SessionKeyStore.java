package io.shakedown.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The session signing key kept in PostgreSQL (V100__session_signing_key.sql) for installations that do not set one:
 * the first replica to start generates it, every replica reads the same row, so a browser signed in through one replica
 * is signed in on all of them, and a restart signs nobody out.
 */
@ApplicationScoped
public class SessionKeyStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject EntityManager em;

    /** The shared key (64 hex characters), created if no replica made one yet. */
    @Transactional
    public String sharedKey() {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        // two replicas starting together: one insert wins, both read the winner's key
        em.createNativeQuery("insert into session_signing_key (id, secret, created_at) values (1, ?1, ?2) on conflict (id) do nothing")
                .setParameter(1, HexFormat.of().formatHex(fresh)).setParameter(2, Instant.now()).executeUpdate();
        return (String) em.createNativeQuery("select secret from session_signing_key where id = 1").getSingleResult();
    }
}
