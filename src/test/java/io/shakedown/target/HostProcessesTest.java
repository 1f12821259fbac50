package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.HostConfig;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The container's processes read from the host's /proc are what docker top shows (the rules' main process comes from them). */
class HostProcessesTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("host-processes-test");

    @Test
    void theHostsProcMatchesDockerTop() throws Exception {
        ExampleImages.ensureBuilt();
        var docker = DOCKER.docker();
        // started the way Shakedown starts an app: with Docker's init, so the app is the init's child
        String id = docker.api.createContainerCmd("shakedown-example/hello-api:1.0")
                .withLabels(Map.of(Labels.INSTALLATION, DOCKER.settings().installationId(), Labels.RUN_ID, "host-processes-test"))
                .withHostConfig(HostConfig.newHostConfig().withInit(true)).exec().getId();
        try {
            docker.api.startContainerCmd(id).exec();
            long pid = docker.api.inspectContainerCmd(id).exec().getState().getPidLong();
            var top = docker.api.topContainerCmd(id).withPsArgs("-eo user,pid,ppid,args").exec();
            var fromTop = Arrays.stream(top.getProcesses()).map(List::of).toList();
            var onHost = HostProcesses.read(pid, id).orElseThrow(() -> new AssertionError("the host's /proc is readable here"));
            assertEquals(HostProcesses.SOURCE, onHost.source());
            assertEquals(List.of("UID", "PID", "PPID", "CMD"), onHost.titles());
            assertEquals(fromTop, onHost.rows(), "user, pid, ppid and arguments of every process, in docker top's order");
            assertTrue(onHost.rows().get(1).get(3).startsWith("java "), "the app, child of docker-init: " + onHost.rows());
            assertTrue(HostProcesses.read(pid, "not-this-container").isEmpty(), "a pid of another container is not read");
        } finally {
            docker.api.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
