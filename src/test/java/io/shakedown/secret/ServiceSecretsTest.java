package io.shakedown.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the service's monitor secrets come from: the project's folder, the shared folder, then prefixed variables only. */
class ServiceSecretsTest {

    @TempDir Path dir;

    @Test
    void projectFolderThenSharedFolderThenPrefixedEnvironment() throws Exception {
        Files.createDirectories(dir.resolve("shop"));
        Files.writeString(dir.resolve("shop/PASSWORD"), "shop-own\n");
        Files.writeString(dir.resolve("PASSWORD"), "shared");
        Files.writeString(dir.resolve("ONLY_SHARED"), "from-file\r\n");
        var env = Map.of("SHAKEDOWN_MONITOR_SECRET_FROM_ENV", "env-value", "QUARKUS_DATASOURCE_PASSWORD", "db-password");
        var secrets = new ServiceSecrets(Optional.of(dir), env::get);

        assertEquals(Optional.of("shop-own"), secrets.value("shop", "PASSWORD"), "the project's own, without the line break");
        assertEquals(Optional.of("shared"), secrets.value("billing", "PASSWORD"), "another project gets the shared one");
        assertEquals(Optional.of("shared"), secrets.value(null, "PASSWORD"), "authentication off: the shared one");
        assertEquals(Optional.of("from-file"), secrets.value("shop", "ONLY_SHARED"));
        assertEquals(Optional.of("env-value"), secrets.value("shop", "FROM_ENV"));
        assertEquals(Optional.empty(), secrets.value("shop", "QUARKUS_DATASOURCE_PASSWORD"),
                "the service's own variables are not monitor secrets");
        assertEquals(Optional.empty(), secrets.value("..", "PASSWORD").filter(v -> !v.equals("shared")), "no folder outside the secrets folder");
        assertEquals(Optional.empty(), secrets.value("shop", "../shop/PASSWORD"), "a name is never a path");

        var missing = assertThrows(ServiceSecrets.Missing.class, () -> secrets.values("shop", List.of("PASSWORD", "NOPE", "ALSO_NOT")));
        assertEquals(List.of("NOPE", "ALSO_NOT"), missing.names());
        assertEquals(Map.of("PASSWORD", "shop-own", "FROM_ENV", "env-value"), secrets.values("shop", List.of("PASSWORD", "FROM_ENV")));
    }

    @Test
    void withoutAFolderOnlyTheEnvironment() {
        var secrets = new ServiceSecrets(Optional.empty(), Map.of("SHAKEDOWN_MONITOR_SECRET_A", "a")::get);
        assertEquals(Optional.of("a"), secrets.value("shop", "A"));
        assertEquals("the environment variable SHAKEDOWN_MONITOR_SECRET_B (no secrets folder is set: shakedown.monitor-secrets.dir)",
                secrets.whereLooked("shop", "B"));
    }
}
