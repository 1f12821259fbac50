package io.shakedown.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret values of accepted runs, in this process's memory only, from submission until the run ends. Never
 * written to the database, a log or a report: after a restart they are gone, and such a run ends ERROR.
 */
@ApplicationScoped
public class SecretVault {
    public static final String LOST = "secret values were lost (service restarted); submit again";

    private final Map<UUID, Map<String, String>> byRun = new ConcurrentHashMap<>();

    public void put(UUID run, Map<String, String> secrets) {
        if (!secrets.isEmpty()) byRun.put(run, Map.copyOf(secrets));
    }

    public Optional<Map<String, String>> get(UUID run) {
        return Optional.ofNullable(byRun.get(run));
    }

    public void forget(UUID run) {
        byRun.remove(run);
    }

    @Override
    public String toString() {
        return "SecretVault[" + byRun.size() + " run(s)]";
    }
}
