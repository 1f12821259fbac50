package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How an exit is read: Docker records the kernel's OOM kill from an event of its own, which can come after the exit
 * the wait returned on; the second look at a bare SIGKILL exit is the one kept. The states are Docker's own JSON,
 * read by docker-java's model (the end-to-end OOM runs are RulesOnImagesTest and ExamplesEndToEndTest).
 */
class ContainerExitStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static InspectContainerResponse.ContainerState state(String json) throws Exception {
        return JSON.readValue("{\"State\":" + json + "}", InspectContainerResponse.class).getState();
    }

    private static InspectContainerResponse.ContainerState exit(List<InspectContainerResponse.ContainerState> readings, boolean closing,
                                                              int[] looks) throws Exception {
        var queue = new ArrayDeque<>(readings);
        return ContainerTarget.exitState(() -> {
            looks[0]++;
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }, () -> closing, Duration.ZERO);
    }

    @Test
    void anOomFlagRecordedAfterTheExitIsNotMissed() throws Exception {
        int[] looks = {0};
        var s = exit(List.of(state("{\"Status\":\"exited\",\"ExitCode\":137,\"OOMKilled\":false}"),
                state("{\"Status\":\"exited\",\"ExitCode\":137,\"OOMKilled\":true}")), false, looks);
        assertEquals(2, looks[0]);
        assertTrue(s.getOOMKilled(), "the second look, with the OOM flag, is the one kept");
    }

    @Test
    void otherExitsAreReadOnce() throws Exception {
        for (String json : List.of("{\"ExitCode\":137,\"OOMKilled\":true}", "{\"ExitCode\":1,\"OOMKilled\":false}", "{\"ExitCode\":0}")) {
            int[] looks = {0};
            exit(List.of(state(json)), false, looks);
            assertEquals(1, looks[0], json);
        }
        // our own removal kills it: nothing to look at again
        int[] looks = {0};
        var s = exit(List.of(state("{\"ExitCode\":137,\"OOMKilled\":false}")), true, looks);
        assertEquals(1, looks[0]);
        assertFalse(s.getOOMKilled());
    }
}
