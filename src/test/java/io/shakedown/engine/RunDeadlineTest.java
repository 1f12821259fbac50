package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shakedown.spec.SpecParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A run's deadline from its spec's budgets (HostileAppsTest shows a run stopped at it). */
class RunDeadlineTest {

    @Test
    void theDeadlineComesFromTheSpecsBudgets() throws Exception {
        var spec = new SpecParser().parse("""
                app: budgets
                target: { image: "x:1", port: 8080, startupTimeout: 30s }
                checks:
                  - { name: a, request: { path: /a, timeout: 5s } }
                  - { name: b, request: { path: /b } }
                flows:
                  - name: login
                    steps:
                      - request: { method: POST, path: /login, timeout: 2s }
                """);
        // 3 m margin + 30 s startup + 5 s + 10 s (default) + 3 × 2 s; the browser stage (on by default): Chromium's start
        // (30 s) + the pages it may find (readiness, 2 checks, 1 step) × (content type 5 s + load 15 s + settling 5 s)
        assertEquals(Duration.ofMinutes(3).plusSeconds(30 + 5 + 10 + 6 + 30 + 4 * 25), RunDeadline.budget(spec));
        assertEquals(Duration.ofMinutes(1), RunDeadline.of(spec, Duration.ofMinutes(1)).allowed());

        var contractAndFlows = new SpecParser().parse("""
                app: budgets
                target: { image: "x:1", port: 8080, startupTimeout: 30s }
                contract: { openapi: /v3/api-docs, budget: { duration: 5m } }
                browser:
                  pages: [/about]
                  flows:
                    - name: sign-in
                      steps:
                        - open: /login
                        - expect: { text: Welcome, timeout: 20s }
                """);
        // 3 m + 30 s startup; contract: the named document (30 s) + its 5 m budget + one request's 10 s;
        // browser: 30 s start + 2 pages (readiness, /about) × 25 s + the open (5 s default + load 15 s + settling 5 s) + 20 s
        assertEquals(Duration.ofMinutes(3 + 5).plusSeconds(30 + 30 + 10 + 30 + 2 * 25 + 25 + 20), RunDeadline.budget(contractAndFlows));
        var off = new SpecParser().parse("""
                app: budgets
                target: { image: "x:1", port: 8080 }
                browser: false
                contract: {}
                """);
        // 3 m + the default 60 s startup; discovery tries 11 well-known paths (10 s each) before the default 60 s budget; no browser
        assertEquals(Duration.ofMinutes(3).plusSeconds(60 + 110 + 60 + 10), RunDeadline.budget(off));
    }
}
