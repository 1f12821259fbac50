package io.shakedown.ui;

import io.quarkus.runtime.StartupEvent;
import io.shakedown.auth.SessionKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions as signed cookies: {@code payload.signature}, the payload naming who signed in (the admin with a
 * fingerprint of the admin token used, or a project with the hash of the token used, so rotating the admin token or
 * revoking the project token ends the session), when it expires and the session's CSRF token; the signature an
 * HMAC-SHA256 over the payload with {@link UiConfig#sessionKey()} or, unset, the key every replica shares through the
 * database ({@link SessionKeyStore}). No token travels in the cookie.
 */
@ApplicationScoped
public class Sessions {
    static final String COOKIE = "shakedown_session";
    static final String LOGIN_COOKIE = "shakedown_login";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    @Inject UiConfig config;
    @Inject SessionKeyStore keys;
    private SecretKeySpec key;

    /** Who a cookie speaks for. {@code project} null with {@code admin}: every project. */
    public record Session(boolean admin, String project, String tokenHash, Instant expires, String csrf) {}

    void start(@Observes StartupEvent e) {
        key();
    }

    private synchronized SecretKeySpec key() {
        if (key == null) {
            byte[] bytes = config.sessionKey().map(k -> {
                if (k.length() < 32) throw new IllegalStateException("shakedown.ui.session-key is too short: use at least 32 random characters (openssl rand -hex 32)");
                return k.getBytes(StandardCharsets.UTF_8);
            }).orElseGet(() -> keys.sharedKey().getBytes(StandardCharsets.UTF_8));
            key = new SecretKeySpec(bytes, "HmacSHA256");
        }
        return key;
    }

    public Duration lifetime() {
        return Duration.ofHours(config.sessionHours());
    }

    /** A session of a project, remembering the hash of the token it signed in with. */
    public Session openProject(String project, String tokenHash) {
        return new Session(false, project, tokenHash, Instant.now().plus(lifetime()).truncatedTo(ChronoUnit.SECONDS), random());
    }

    /** The admin's session, remembering a fingerprint of the admin token it signed in with. */
    public Session openAdmin(String adminToken) {
        return new Session(true, null, adminFingerprint(adminToken), Instant.now().plus(lifetime()).truncatedTo(ChronoUnit.SECONDS), random());
    }

    /**
     * What an admin session keeps of the admin token: a MAC with the session key, so the cookie says nothing about the
     * token, and a session made with an earlier admin token no longer matches once the token is rotated.
     */
    public String adminFingerprint(String adminToken) {
        return B64.encodeToString(mac("admin-token:" + adminToken));
    }

    public String encode(Session s) {
        String payload = String.join(".", admin(s), b64(s.project()), b64(s.tokenHash()), Long.toString(s.expires().getEpochSecond()), s.csrf());
        return payload + "~" + B64.encodeToString(mac(payload));
    }

    /** The session of a cookie value, if it is well-formed, signed by us and not expired. */
    public Optional<Session> decode(String cookie) {
        if (cookie == null) return Optional.empty();
        int sig = cookie.lastIndexOf('~');
        if (sig < 0) return Optional.empty();
        String payload = cookie.substring(0, sig);
        byte[] given;
        try {
            given = UNB64.decode(cookie.substring(sig + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, mac(payload))) return Optional.empty();
        String[] f = payload.split("\\.", -1);
        if (f.length != 5) return Optional.empty();
        Instant expires = Instant.ofEpochSecond(Long.parseLong(f[3]));
        if (expires.isBefore(Instant.now())) return Optional.empty();
        return Optional.of(new Session("a".equals(f[0]), unb64(f[1]), unb64(f[2]), expires, f[4]));
    }

    /**
     * The CSRF token of the forms when authentication is off (no session to carry one): derived from the session key,
     * so it is the same on every page and replica sharing the key, and a page on another site, which cannot read ours,
     * cannot know it.
     */
    public String localCsrf() {
        return B64.encodeToString(mac("local-mode-csrf"));
    }

    /** A fresh random value (CSRF tokens, the login form's nonce). */
    public static String random() {
        return B64.encodeToString(randomBytes(18));
    }

    /** Constant-time comparison of two CSRF tokens. */
    public static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String admin(Session s) {
        return s.admin() ? "a" : "p";
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String b64(String s) {
        return s == null ? "" : B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return s.isEmpty() ? null : new String(UNB64.decode(s), StandardCharsets.UTF_8);
    }
}
