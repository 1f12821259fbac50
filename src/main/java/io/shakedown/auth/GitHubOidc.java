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
 * when an unknown key id shows up after a key rotation), issuer, audience, expiry. The token's repository claims
 * name the project — but only a project an admin bound to that repository ({@link GitHubBinding}): GitHub signs
 * tokens for every repository in the world.
 */
@ApplicationScoped
public class GitHubOidc {
    @Inject ShakedownConfig config;
    @Inject GitHubBinding binding;

    private volatile JwtConsumer consumer;

    public boolean enabled() {
        return config.auth().githubOidc().enabled();
    }

    /**
     * The project a GitHub Actions token acts for ({@link GitHubBinding}); fails authentication, saying why, when the
     * token does not verify, no project is bound to its repository or a claim does not match the binding.
     */
    public String projectOf(String jwt) {
        return binding.projectOf(claimsOf(jwt).orElseThrow(() -> new AuthenticationFailedException(
                "the GitHub OIDC token does not verify (issuer, audience, signature or expiry)")));
    }

    /** The claims the binding reads, of a valid token; empty when the token does not verify or names no repository. */
    Optional<GitHubBinding.Claims> claimsOf(String jwt) {
        try {
            var claims = consumer().processToClaims(jwt);
            String repository = text(claims.getClaimValue("repository"));
            if (repository == null || repository.isBlank()) return Optional.empty();
            return Optional.of(new GitHubBinding.Claims(repository, id(claims.getClaimValue("repository_id")),
                    id(claims.getClaimValue("repository_owner_id")), text(claims.getClaimValue("ref")),
                    text(claims.getClaimValue("job_workflow_ref")), text(claims.getClaimValue("workflow")),
                    text(claims.getClaimValue("environment"))));
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
    }

    private static String text(Object claim) {
        return claim instanceof String s ? s : null;
    }

    /** GitHub sends the ids as strings ("123456"); a number is taken too. */
    private static Long id(Object claim) {
        if (claim instanceof Number n) return n.longValue();
        if (claim instanceof String s && s.matches("[0-9]{1,18}")) return Long.parseLong(s);
        return null;
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
