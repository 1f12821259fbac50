package io.shakedown.service;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Local mode listens on loopback: with {@code shakedown.auth.enabled=false} and no {@code quarkus.http.host} set
 * anywhere, the service binds 127.0.0.1 instead of Quarkus's production default 0.0.0.0, so that nobody else on the
 * network can run images on the developer's Docker engine; the same for the management interface
 * ({@code quarkus.management.host}). Setting either (the container image sets {@code QUARKUS_HTTP_HOST=0.0.0.0} and
 * {@code QUARKUS_MANAGEMENT_HOST=0.0.0.0}) says otherwise. Registered in META-INF/services.
 */
public class LocalModeListenAddress implements ConfigSourceFactory {
    /** Below application.properties (250), environment (300) and system properties (400): any explicit setting wins. */
    static final int ORDINAL = 150;
    static final String LOOPBACK = "127.0.0.1";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        var hosts = new java.util.HashMap<String, String>();
        // the public port and the management interface (health, metrics): neither listens beyond loopback in local mode
        for (String key : List.of("quarkus.http.host", "quarkus.management.host")) {
            hostFor(context.getValue("shakedown.auth.enabled"), context.getValue(key)).ifPresent(host -> hosts.put(key, host));
        }
        return hosts.isEmpty() ? List.of() : List.of(new PropertiesConfigSource(hosts, "shakedown local mode", ORDINAL));
    }

    /** 127.0.0.1 when authentication is off and nobody chose the host; else nothing (Quarkus's own default stands). */
    static Optional<String> hostFor(ConfigValue authEnabled, ConfigValue host) {
        boolean authOff = authEnabled != null && authEnabled.getValue() != null
                && authEnabled.getValue().strip().toLowerCase(Locale.ROOT).equals("false");
        boolean hostChosen = host != null && host.getValue() != null && host.getConfigSourceOrdinal() >= 100;
        return authOff && !hostChosen ? Optional.of(LOOPBACK) : Optional.empty();
    }
}
