package io.shakedown.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.shakedown.service.ShakedownConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Verifies GitHub Actions OIDC tokens: signature against the issuer's JWKS (fetched and cached, refetched
 * when an unknown key id shows up after a key rotation), issuer, audience, expiry. The token's
 * {@code repository} claim names the project — but only a project an admin bound to that repository:
 * GitHub signs tokens for every repository in the world.
 */
@ApplicationScoped
public class GitHubOidc {
    @Inject ShakedownConfig config;
    @Inject ProjectStore projects;

    private volatile JwtConsumer consumer;

    public boolean enabled() {
        return config.auth().githubOidc().enabled();
    }

    /**
     * The project a GitHub Actions token acts for; fails authentication, saying why, when the token does not verify or
     * no project is bound to its repository.
     */
    public String projectOf(String jwt) {
        String repository = repositoryOf(jwt).orElseThrow(() -> new AuthenticationFailedException(
                "the GitHub OIDC token does not verify (issuer, audience, signature or expiry)"));
        return projects.projectOfRepository(repository).orElseThrow(() -> new AuthenticationFailedException(
                "no project is bound to GitHub repository " + repository + "; an admin binds it with githubRepository"));
    }

    /** The repository ("owner/name") of a valid token; empty when the token does not verify. */
    public Optional<String> repositoryOf(String jwt) {
        try {
            var claims = consumer().processToClaims(jwt);
            Object repository = claims.getClaimValue("repository");
            return repository instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
    }

    private JwtConsumer consumer() {
        if (consumer == null) {
            synchronized (this) {
                if (consumer == null) {
                    var oidc = config.auth().githubOidc();
                    var jwks = new HttpsJwks(oidc.jwksUrl());
                    jwks.setDefaultCacheDuration(3600);
                    consumer = new JwtConsumerBuilder()
                            .setRequireExpirationTime()
                            .setMaxFutureValidityInMinutes(60)
                            .setAllowedClockSkewInSeconds(60)
                            .setRequireSubject()
                            .setExpectedIssuer(oidc.issuer())
                            .setExpectedAudience(oidc.audience())
                            .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                                    AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                            .build();
                }
            }
        }
        return consumer;
    }
}
