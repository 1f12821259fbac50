package io.shakedown.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.run.EngineSettings;
import io.shakedown.spec.TargetSpec.PullPolicy;
import io.shakedown.target.DockerClients;
import io.shakedown.target.ImagePreparer;
import io.shakedown.target.TargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pull from a registry that accepts the connection and never answers is an error after the timeout, not a success. */
class PullTimeoutTest {

    @Test
    void aPullThatDoesNotFinishInTimeIsAnError() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (var registry = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var docker = new DockerClients(EngineSettings.defaults())) {
            Thread.ofVirtual().start(() -> {
                while (!registry.isClosed()) {
                    try {
                        held.add(registry.accept()); // accept, read nothing, answer nothing
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            String image = "127.0.0.1:" + registry.getLocalPort() + "/stalled/app:1";
            long t0 = System.nanoTime();
            var e = assertThrows(TargetException.class,
                    () -> new ImagePreparer(docker, Duration.ofSeconds(2)).prepare(image, PullPolicy.MISSING));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains("did not finish within 2s"), e.getMessage());
            assertTrue(ms < 30_000, "gave up after " + ms + " ms");
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
