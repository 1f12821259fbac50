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
        try {
            var claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setAudience(audience);
            claims.setSubject("repo:" + repository + ":ref:refs/heads/main");
            claims.setClaim("repository", repository);
            claims.setClaim("ref", "refs/heads/main");
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
}
