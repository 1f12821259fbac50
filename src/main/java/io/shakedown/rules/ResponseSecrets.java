package io.shakedown.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts the values of secret-looking names in a response body before any rule reads it, so a finding about an
 * environment dump (Spring's {@code /actuator/env}, Micronaut's {@code /env}, a debug page) quotes the dump, never
 * the secrets in it: in the report, every report format and the events alike. Covers JSON ({@code "DB_PASSWORD":
 * "…"}, and Spring's {@code "DB_PASSWORD": {"value": "…"}}), {@code NAME=value} / {@code NAME: value} text, and the password
 * of a URL ({@code postgres://app:…@db/app}) under any name. Which names look secret: {@link SecretLooking}.
 */
final class ResponseSecrets {
    private static final String NAME = SecretLooking.NAME;
    private static final Pattern JSON_VALUE = Pattern.compile(
            "(\"" + NAME + "\"\\s*:\\s*(?:\\{\\s*\"value\"\\s*:\\s*)?)\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** The password of a URL's user info (postgres://app:PASSWORD@db/app), whatever the name it is under. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.\\-]*://[^/\\s:@\"']+:)([^/\\s@\"']+)(@)");
    private static final Pattern TEXT_VALUE = Pattern.compile("(?m)(^|[\\s;&?,])(" + NAME + ")(\\s*[=:]\\s*)([^\\s&\"'<>,;]+)");

    private ResponseSecrets() {}

    static String redact(String body) {
        if (body == null || body.isEmpty()) return body;
        String out = replace(JSON_VALUE.matcher(body), 1, 2, "\"", "\"");
        out = replace(TEXT_VALUE.matcher(out), 3, 4, "", "");
        return replace(URL_PASSWORD.matcher(out), 1, 2, "", "@");
    }

    private static String replace(Matcher m, int keepUpTo, int valueGroup, String open, String close) {
        var sb = new StringBuilder();
        while (m.find()) {
            String value = m.group(valueGroup);
            if (value.isEmpty() || value.chars().allMatch(c -> c == '*')) {
                m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
                continue;
            }
            var kept = new StringBuilder();
            for (int g = 1; g <= keepUpTo; g++) if (m.group(g) != null) kept.append(m.group(g));
            m.appendReplacement(sb, Matcher.quoteReplacement(kept + open + "***(" + value.length() + " characters, redacted)" + close));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
