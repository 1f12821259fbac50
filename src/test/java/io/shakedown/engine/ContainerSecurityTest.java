package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import io.shakedown.report.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
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

    /**
     * An app that needs a capability a restricted cluster will not give: its server binary carries the file capability
     * cap_net_bind_service+ep (setcap, as images do to bind port 80 as non-root). With the default profile (which
     * keeps NET_BIND_SERVICE) it starts; under target.security: restricted the kernel refuses to exec it, as a
     * cluster enforcing the restricted Pod Security Standard would, and the rule finding names the program.
     */
    @Test
    void aProgramWithFileCapabilitiesFailsUnderTheRestrictedProfileWithAFinding() throws Exception {
        buildFileCapabilityImage();
        String spec = """
                app: filecap
                target:
                  image: %s
                  port: 8080
                  startupTimeout: 10s
                  %s
                rules: { failOn: never }
                """;
        Report fine = DOCKER.run(spec.formatted(FILE_CAPABILITY_IMAGE, ""));
        assertEquals(Verdict.PASSED, fine.verdict(), fine.summary() + "\n" + log(fine));

        Report refused = DOCKER.run(spec.formatted(FILE_CAPABILITY_IMAGE, "security: restricted"));
        assertEquals(Verdict.FAILED, refused.verdict(), refused.summary());
        assertEquals("EXITED", refused.readiness().diagnosis().kind().name(), refused.readiness().diagnosis().summary());
        var finding = refused.findings().stream().filter(f -> f.ruleId().equals("program-needs-dropped-capability")).findFirst()
                .orElseThrow(() -> new AssertionError("no capability finding: " + refused.findings() + "\n" + log(refused)));
        assertTrue(finding.message().startsWith("the kernel refused to start /app/httpd (exec: Operation not permitted)"), finding.message());
    }

    static final String FILE_CAPABILITY_IMAGE = "shakedown-test/file-capability:1.0";

    /** busybox as /app/httpd with security.capability = cap_net_bind_service+ep, set through the tar Docker's ADD unpacks. */
    static void buildFileCapabilityImage() throws Exception {
        Path dir = Files.createTempDirectory("filecap");
        // vfs_cap_data revision 2, effective bit; permitted = 1 << CAP_NET_BIND_SERVICE (10)
        byte[] capability = {0x01, 0, 0, 0x02, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        try (var tar = new TarArchiveOutputStream(Files.newOutputStream(dir.resolve("app.tar")))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            var entry = new TarArchiveEntry("app/httpd");
            entry.setSize(busybox.length);
            entry.setMode(0755);
            entry.addPaxHeader("SCHILY.xattr.security.capability", new String(capability, StandardCharsets.ISO_8859_1));
            tar.putArchiveEntry(entry);
            tar.write(busybox);
            tar.closeArchiveEntry();
        }
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM shakedown-base/busybox:local
                ADD app.tar /
                USER 10001
                CMD ["/app/httpd", "-f", "-p", "8080", "-h", "/tmp"]
                """);
        DOCKER.docker().streams.buildImageCmd(dir.toFile()).withTags(Set.of(FILE_CAPABILITY_IMAGE)).exec(new BuildImageResultCallback()).awaitImageId();
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
