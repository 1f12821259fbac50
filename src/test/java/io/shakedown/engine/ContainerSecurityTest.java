package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Least privilege on a real container: the app (busybox, running as root) prints what the kernel gave it, then serves.
 * Docker's default would be CapEff 00000000a80425fb and NoNewPrivs 0.
 */
class ContainerSecurityTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("security-test");

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    static Report run(String security, int port) throws Exception {
        return DOCKER.run("""
                app: caps
                target:
                  image: shakedown-base/busybox:local
                  port: %d
                  command: ["sh", "-c", "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; mkdir -p /www; exec httpd -f -p %d -h /www"]
                  startupTimeout: 10s
                  %s
                rules: { failOn: never }
                """.formatted(port, port, security));
    }

    static String log(Report r) {
        return String.join("\n", r.log().lines());
    }

    @Test
    void byDefaultNoNewPrivilegesAndOnlyTheCapabilitiesAppsUse() throws Exception {
        Report r = run("", 8080);
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        // CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, NET_BIND_SERVICE: no NET_RAW, MKNOD, SETFCAP...
        assertTrue(log(r).contains("CapEff:\t00000000000004fb"), log(r));
        assertTrue(log(r).contains("NoNewPrivs:\t1"), log(r));
        assertEquals("default", r.target().securityProfile());
    }

    @Test
    void theRestrictedProfileDropsEveryCapability() throws Exception {
        Report r = run("security: restricted", 8080);
        assertEquals(Verdict.PASSED, r.verdict(), r.summary());
        assertTrue(log(r).contains("CapEff:\t0000000000000000"), log(r));
        assertTrue(log(r).contains("NoNewPrivs:\t1"), log(r));
        assertEquals("restricted", r.target().securityProfile());
    }
}
