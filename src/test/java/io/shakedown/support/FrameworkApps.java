package io.shakedown.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The real framework apps (scripts/build-framework-apps.sh: a Quarkus 3.33.2 fast-jar and a Spring Boot 3.5.7 fat
 * jar built by Maven, in variants), built once per test JVM; the script skips images that exist.
 */
public final class FrameworkApps {
    private static boolean built;

    private FrameworkApps() {}

    public static synchronized void ensureBuilt() {
        if (built) return;
        ExampleImages.ensureBuilt();
        try {
            Process p = new ProcessBuilder("bash", "scripts/build-framework-apps.sh").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException("scripts/build-framework-apps.sh failed:\n" + out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/build-framework-apps.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        built = true;
    }

    /** A spec for a variant of the Quarkus (quarkus) or Spring Boot (spring) app, with checks its healthy variant passes. */
    public static String spec(String app, String variant, String extraTarget) {
        String health = app.equals("spring") ? "/actuator/health" : "/health";
        return """
                app: %s-%s
                environment: ci
                target: { image: "shakedown-app/%s:%s", port: 8080, startupTimeout: 120s, resources: { memory: 512m }%s }
                readiness: { http: { path: %s } }
                checks:
                  - name: list items
                    request: { path: /api/items, headers: { Accept: application/json } }
                    expect: { status: 200, json: { "$[0].name": { equals: apple } } }
                  - name: one item
                    request: { path: /api/items/1, headers: { Accept: application/json } }
                    expect: { status: 200, json: { "$.id": { equals: 1 } } }
                  - name: create an item
                    request: { method: POST, path: /api/items, json: { id: 3, name: plum } }
                    expect: { status: 200, json: { "$.created": { equals: plum } } }
                """.formatted(app, variant, app, variant, extraTarget == null ? "" : ", " + extraTarget, health);
    }
}
