package io.shakedown.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token material. Tokens are 32 random bytes (256 bits), so a fast unsalted SHA-256 is the right hash:
 * salting and slow hashes (bcrypt, argon2) defend guessable passwords, and nobody can guess 256 random
 * bits; a fast hash keeps every API call's lookup cheap and lets the database find the row by its hash.
 */
public final class Tokens {
    /** Recognisable in secret scanners and logs-grepping: "sdk_" + 43 base64url characters. */
    static final String PREFIX = "sdk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time equality (of the hashes, so the length of the secret does not leak either). */
    public static boolean sameSecret(String given, String expected) {
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }
}
