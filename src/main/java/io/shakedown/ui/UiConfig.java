package io.shakedown.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The web UI's sign-in (docs/ui.md). */
@ConfigMapping(prefix = "shakedown.ui")
public interface UiConfig {
    /**
     * The key that signs session cookies (HMAC-SHA256), at least 32 characters. Unset: a random key generated once and
     * kept in the database, shared by every replica and surviving restarts.
     */
    Optional<String> sessionKey();

    /** How long a browser session lasts after sign-in. */
    @WithDefault("12")
    int sessionHours();
}
