package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A removal Docker refuses once is tried again: overlay2 sometimes cannot unmount a root filesystem something still
 * reads (seen in CI: a run cancelled while the rules read its image left a "dead" container, "failed to remove root
 * filesystem … directory not empty"), and removing it again works. Checked here on the retry itself; the end-to-end
 * tests' leftover checks (NoContainerLeftBehind) see the result on real containers.
 */
class DockerRemovalRetryTest {
    private final List<Long> pauses = new ArrayList<>();

    @Test
    void aRemovalThatFailsOnceIsTriedAgain() {
        int[] calls = {0};
        var failed = DockerClients.removeRetrying(() -> {
            if (++calls[0] == 1) throw new InternalServerErrorException("driver overlay2 failed to remove root filesystem: directory not empty");
        }, pauses::add);
        assertNull(failed);
        assertEquals(2, calls[0]);
        assertEquals(List.of(200L), pauses);
    }

    @Test
    void aContainerAlreadyGoneIsNotAFailure() {
        int[] calls = {0};
        assertNull(DockerClients.removeRetrying(() -> {
            calls[0]++;
            throw new NotFoundException("No such container");
        }, pauses::add));
        assertEquals(1, calls[0]);
    }

    @Test
    void aRemovalThatKeepsFailingIsLeftToTheReaperAfterThreeTries() {
        var refusal = new InternalServerErrorException("still busy");
        int[] calls = {0};
        var failed = DockerClients.removeRetrying(() -> {
            calls[0]++;
            throw refusal;
        }, pauses::add);
        assertSame(refusal, failed);
        assertEquals(DockerClients.REMOVE_ATTEMPTS, calls[0]);
        assertEquals(List.of(200L, 400L), pauses);
    }
}
