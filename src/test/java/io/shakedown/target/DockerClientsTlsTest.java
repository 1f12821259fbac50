package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import io.shakedown.run.LazyDefaultSsl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker client's TLS settings: a Unix socket gets a default context made only if a connection used it (docker-java
 * otherwise loads the trust store when the client is built: 50-200 ms of a one-shot run), a plain {@code tcp://} host
 * none (a context would switch it to https), and configured TLS stays what was configured.
 */
class DockerClientsTlsTest {

    private static DefaultDockerClientConfig config(String host) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).withDockerTlsVerify(false).build();
    }

    @Test
    void aUnixSocketGetsTheLazyDefaultContext() throws Exception {
        assertSame(LazyDefaultSsl.INSTANCE, DockerClients.sslConfig(config("unix:///var/run/docker.sock")).getSSLContext());
    }

    @Test
    void aPlainTcpHostStaysPlain() {
        assertNull(DockerClients.sslConfig(config("tcp://127.0.0.1:2375")));
    }

    @Test
    void configuredTlsIsKept(@TempDir Path certs) {
        var tls = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("tcp://127.0.0.1:2376")
                .withDockerTlsVerify(true).withDockerCertPath(certs.toString()).build();
        assertSame(tls.getSSLConfig(), DockerClients.sslConfig(tls));
        assertSame(LocalDirectorySSLConfig.class, DockerClients.sslConfig(tls).getClass());
    }
}
