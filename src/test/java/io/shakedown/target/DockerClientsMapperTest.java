package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import org.junit.jupiter.api.Test;

/** Every Docker client of the JVM shares one JSON mapper, so Jackson learns docker-java's model classes once. */
class DockerClientsMapperTest {

    @Test
    void clientsShareOneMapperAndKeepTheirOwnConfig() {
        var first = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix:///var/run/docker.sock").build();
        var second = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("tcp://127.0.0.1:2375")
                .withRegistryUsername("ci").build();
        // docker-java's own configs hand each client a fresh copy (empty caches): what the shared one replaces
        assertNotSame(first.getObjectMapper(), first.getObjectMapper());
        var a = new DockerClients.SharedMapper(first);
        var b = new DockerClients.SharedMapper(second);
        assertSame(a.getObjectMapper(), b.getObjectMapper());
        assertEquals(first.getDockerHost(), a.getDockerHost());
        assertEquals(second.getDockerHost(), b.getDockerHost());
        assertEquals("ci", b.getRegistryUsername());
        assertEquals(second.getApiVersion(), b.getApiVersion());
        assertEquals(second.getRegistryUrl(), b.getRegistryUrl());
    }
}
