package io.shakedown.rules;

import java.util.regex.Pattern;

/**
 * What looks like a secret, in one place: the names whose values are redacted from response bodies
 * ({@link ResponseSecrets}) and masked in env evidence ({@link KeyedValues}), and the names and values the
 * {@code jsonValues: { secret: true }} expectation selects ({@link JsonValues}).
 */
final class SecretLooking {
    /** A secret-looking name (inside a longer one: DB_PASSWORD, spring.datasource.password, apiKey, SECRET_TOKEN). */
    static final String NAME = "[\\w.\\-]*(?i:pass(?:word|wd|phrase)?|secret|token|api[_.\\-]?key|private[_.\\-]?key|access[_.\\-]?key"
            + "|credential|pwd|auth)[\\w.\\-]*";
    private static final Pattern NAME_FULL = Pattern.compile(NAME);
    /**
     * The same as a whole name, plus names that end in "key" (SIGNING_KEY, jwt.key, encryptionKey), minus those that
     * name something about a secret rather than the secret (token-uri, password-length, key-store-type, auth-enabled).
     */
    private static final Pattern KEY_NAME = Pattern.compile("(?i)(?!.*(uri|url|endpoint|path|type|name|size|length|ttl|timeout|validity"
            + "|expiry|expiration|header|prefix|enabled|location|alias|store|file|algorithm|format|mode|method|strategy|provider|issuer"
            + "|policy|scopes?|roles?)$)(" + NAME + "|.*(?<![a-z])key|.*[a-z]Key)");
    /**
     * A value that is a credential whatever its name: a URL with a password in it, a private key, an AWS access key id,
     * a GitHub/Slack token, a JWT, or a command line passing a secret-looking option.
     */
    static final Pattern CREDENTIAL_VALUE = Pattern.compile(
            "[a-zA-Z][a-zA-Z0-9+.\\-]*://[^/\\s:@]+:[^/\\s@]+@"
                    + "|-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"
                    + "|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"
                    + "|\\bgh[pousr]_[A-Za-z0-9]{36,}"
                    + "|\\bxox[abprs]-[A-Za-z0-9-]{10,}"
                    + "|\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"
                    + "|--?[\\w.\\-]*(?i:password|secret|token)[\\w.\\-]*=\\S");

    private SecretLooking() {}

    /** A name whose value should never be shown (redaction and masking): DB_PASSWORD, API_TOKEN, spring.datasource.password. */
    static boolean name(String name) {
        return NAME_FULL.matcher(name).matches();
    }

    /** A key a JSON dump must not show the value of: {@link #name} and the names ending in key, minus names about a secret. */
    static boolean key(String name) {
        return KEY_NAME.matcher(name).matches();
    }

    static boolean credentialValue(String value) {
        return CREDENTIAL_VALUE.matcher(value).find();
    }
}
