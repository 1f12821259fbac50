package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jsonValues expectation on the JSON shapes of real dumps (Spring Boot 3's /actuator/env and /actuator/configprops,
 * Micronaut's /env): which entries it sees, their sources, masked against shown, and secret-looking names and values
 * against their harmless look-alikes.
 */
class JsonValuesTest {
    static final String ENV_MASKED = """
            {"activeProfiles":[],"defaultProfiles":["default"],"propertySources":[
              {"name":"server.ports","properties":{"local.server.port":{"value":"******"}}},
              {"name":"systemEnvironment","properties":{"API_KEY":{"value":"******","origin":"System Environment Property \\"API_KEY\\""},
                "HOME":{"value":"******","origin":"System Environment Property \\"HOME\\""}}}]}""";
    static final String ENV_SHOWN = """
            {"activeProfiles":[],"propertySources":[
              {"name":"systemEnvironment","properties":{"API_KEY":{"value":"k-8a7f6e5d","origin":"System Environment Property \\"API_KEY\\""},
                "SECRET_TOKEN":{"value":"tok-31337"},"HOME":{"value":"/home/app"},"DATABASE_URL":{"value":"postgres://app:pw-in-url@db:5432/app"},
                "OAUTH_TOKEN_URI":{"value":"https://id.example.com/token"},"SERVER_SSL_KEY_STORE_TYPE":{"value":"PKCS12"},"MASKED_PASSWORD":{"value":"******"}}},
              {"name":"Config resource 'file [config/application.properties]'","properties":{"spring.datasource.password":{"value":"db-s3cret"}}}]}""";
    static final String CONFIGPROPS_SHOWN = """
            {"contexts":{"application":{"beans":{"acme.payment-com.acme.PaymentProperties":{"prefix":"acme.payment",
              "properties":{"apiKey":"pk_live_99","endpoint":"https://pay.example.com","retry":{"max":3}},
              "inputs":{"apiKey":{"value":"pk_live_99","origin":"\\"acme.payment.api-key\\" from property source \\"x\\""}}}}}}}""";

    static List<JsonValues.Entry> held(String json, JsonValues.Expectation x) {
        return JsonValues.holding(x, JsonValues.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    static final JsonValues.Expectation SECRETS = new JsonValues.Expectation(null, null, true, false);
    static final JsonValues.Expectation ALL_MASKED = new JsonValues.Expectation(null, null, false, true);

    @Test
    void springsMaskedEnvironmentShowsNoSecretAndEveryValueIsMasked() {
        assertEquals(List.of(), held(ENV_MASKED, SECRETS));
        var masked = held(ENV_MASKED, ALL_MASKED);
        assertEquals(3, JsonValues.count(masked));
        assertEquals("local.server.port (server.ports), API_KEY (systemEnvironment), HOME (systemEnvironment)", JsonValues.name(masked));
    }

    @Test
    void shownSecretsAreNamedWithTheirSourceAndTheirHarmlessLookAlikesAreNot() {
        var secrets = held(ENV_SHOWN, SECRETS);
        assertEquals("API_KEY (systemEnvironment), SECRET_TOKEN (systemEnvironment), DATABASE_URL (systemEnvironment), "
                + "spring.datasource.password (Config resource 'file [config/application.properties]')", JsonValues.name(secrets),
                "a URL with a password counts whatever its name; token-uri, key-store-type and a masked value do not");
        String evidence = JsonValues.nameWithLengths(secrets);
        assertTrue(evidence.contains("API_KEY (systemEnvironment, 10 characters)"), evidence);
        for (String value : List.of("k-8a7f6e5d", "tok-31337", "pw-in-url", "db-s3cret")) assertFalse(evidence.contains(value), evidence);
        assertEquals(List.of(), held(ENV_SHOWN, ALL_MASKED), "one value shown: not every value is masked");
    }

    @Test
    void configurationPropertiesAreNamedByTheirBeansPrefixOncePerKey() {
        var secrets = held(CONFIGPROPS_SHOWN, SECRETS);
        assertEquals("apiKey (acme.payment)", JsonValues.name(secrets), "properties and inputs name the same key once; prefix is a label");
        assertEquals(1, JsonValues.count(secrets));
        var byKey = held(CONFIGPROPS_SHOWN, new JsonValues.Expectation(Pattern.compile("max"), null, false, false));
        assertEquals("max (acme.payment)", JsonValues.name(byKey));
        String placeholderOnly = """
                {"contexts":{"application":{"beans":{"acme.oauth-com.acme.OAuth":{"prefix":"acme.oauth","properties":{"clientSecret":"******"},
                  "inputs":{"clientSecret":{"value":"${CLIENT_SECRET:}","origin":"URL [file:config/application.properties] - 3:22"}}}}}}}""";
        assertEquals(List.of(), held(placeholderOnly, SECRETS), "a placeholder as written is not a secret shown");
    }

    @Test
    void aBodyThatIsNotWholeJsonIsNotJudged() {
        assertEquals(null, JsonValues.parse("<html>propertySources</html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, JsonValues.parse(ENV_SHOWN.substring(0, 120).getBytes(StandardCharsets.UTF_8)), "a truncated dump is not judged");
    }

    @Test
    void responseBodiesLoseUrlPasswordsToo() {
        String redacted = ResponseSecrets.redact(ENV_SHOWN);
        for (String value : List.of("k-8a7f6e5d", "tok-31337", "pw-in-url", "db-s3cret")) assertFalse(redacted.contains(value), redacted);
        assertTrue(redacted.contains("postgres://app:***(9 characters, redacted)@db:5432/app"), redacted);
    }
}
