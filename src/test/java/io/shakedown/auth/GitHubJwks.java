package io.shakedown.auth;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/**
 * A stand-in for GitHub's OIDC issuer: a freshly generated RSA key set served as JWKS by a real HTTP server
 * on 127.0.0.1, and tokens signed with it the way GitHub signs them (RS256, kid, repository claim).
 */
public class GitHubJwks implements QuarkusTestResourceLifecycleManager {
    static final String ISSUER = "https://token.actions.githubusercontent.com";
    static RsaJsonWebKey key;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-key-1");
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            byte[] jwks = new JsonWebKeySet(List.of(key)).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
            server.createContext("/.well-known/jwks", ex -> {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, jwks.length);
                try (var out = ex.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            return Map.of("shakedown.auth.github-oidc.enabled", "true",
                    "shakedown.auth.github-oidc.issuer", ISSUER,
                    "shakedown.auth.github-oidc.jwks-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }

    /** A GitHub Actions-shaped token for {@code repository}, signed by {@code signer}. */
    static String token(RsaJsonWebKey signer, String issuer, String audience, String repository, float minutesValid) {
        return token(signer, issuer, audience, repository, minutesValid, Map.of());
    }

    /**
     * As GitHub signs them: the repository's and its owner's numeric ids as strings (here derived from the names, so one
     * repository always has the same ids), ref refs/heads/main; {@code claims} add to or replace these.
     */
    static String token(RsaJsonWebKey signer, String issuer, String audience, String repository, float minutesValid, Map<String, Object> claims) {
        try {
            var jwt = new JwtClaims();
            jwt.setClaim("repository_id", Long.toString(idOf(repository)));
            jwt.setClaim("repository_owner_id", Long.toString(idOf(repository.substring(0, repository.indexOf('/')))));
            claims.forEach(jwt::setClaim);
            return sign(signer, issuer, audience, repository, minutesValid, jwt);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long idOf(String name) {
        return Math.abs((long) name.toLowerCase(java.util.Locale.ROOT).hashCode()) + 1;
    }

    private static String sign(RsaJsonWebKey signer, String issuer, String audience, String repository, float minutesValid, JwtClaims preset) {
        try {
            var claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setAudience(audience);
            claims.setSubject("repo:" + repository + ":ref:refs/heads/main");
            claims.setClaim("repository", repository);
            claims.setClaim("ref", "refs/heads/main");
            preset.getClaimsMap().forEach(claims::setClaim);
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(minutesValid);
            var jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(signer.getPrivateKey());
            jws.setKeyIdHeaderValue(signer.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String repository) {
        return token(key, ISSUER, "shakedown", repository, 5);
    }

    static String token(String repository, Map<String, Object> claims) {
        return token(key, ISSUER, "shakedown", repository, 5, claims);
    }
}
