package io.shakedown.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.ConfigValue;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Local mode binds loopback unless the host is chosen; with authentication on, Quarkus's default stands. No Quarkus boot. */
class LocalModeListenAddressTest {

    static ConfigValue value(String v, int ordinal) {
        return ConfigValue.builder().withName("x").withValue(v).withConfigSourceOrdinal(ordinal).build();
    }

    @Test
    void authOffWithoutAChosenHostListensOnLoopback() {
        assertEquals(Optional.of("127.0.0.1"), LocalModeListenAddress.hostFor(value("false", 300), null));
        // Quarkus's own default (a defaults source, lowest ordinal) is not a choice
        assertEquals(Optional.of("127.0.0.1"), LocalModeListenAddress.hostFor(value("false", 250), value("0.0.0.0", Integer.MIN_VALUE)));
    }

    @Test
    void aChosenHostOrAuthenticationOnLeavesTheHostAlone() {
        assertEquals(Optional.empty(), LocalModeListenAddress.hostFor(value("false", 300), value("0.0.0.0", 300))); // QUARKUS_HTTP_HOST
        assertEquals(Optional.empty(), LocalModeListenAddress.hostFor(value("true", 250), null));
        assertEquals(Optional.empty(), LocalModeListenAddress.hostFor(null, null));
    }

    @Test
    void theManagementInterfaceStaysOnLoopbackToo() {
        // auth off, only the main host chosen (as QUARKUS_HTTP_HOST): health and metrics still listen on loopback alone
        var values = java.util.Map.of("shakedown.auth.enabled", value("false", 300), "quarkus.http.host", value("0.0.0.0", 300));
        var sources = new java.util.ArrayList<org.eclipse.microprofile.config.spi.ConfigSource>();
        new LocalModeListenAddress().getConfigSources(new io.smallrye.config.ConfigSourceContext() {
            public ConfigValue getValue(String name) {
                return values.get(name);
            }

            public java.util.List<String> getProfiles() {
                return java.util.List.of();
            }

            public java.util.Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        }).forEach(sources::add);
        assertEquals(1, sources.size());
        assertEquals("127.0.0.1", sources.getFirst().getValue("quarkus.management.host"));
        assertEquals(null, sources.getFirst().getValue("quarkus.http.host"), "the chosen main host stands");
    }

    @Test
    void theFactoryIsRegistered() throws Exception {
        var services = getClass().getResourceAsStream("/META-INF/services/io.smallrye.config.ConfigSourceFactory");
        assertEquals(LocalModeListenAddress.class.getName(), new String(services.readAllBytes()).strip());
    }
}
