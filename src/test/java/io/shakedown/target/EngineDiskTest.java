package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Docker data root's free space, read on this machine and through the engine (helper container running df). */
class EngineDiskTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("engine-disk-test");

    @Test
    void theEnginesViewMatchesTheLocalFileSystem() {
        ExampleImages.ensureBuilt(); // the helper image (shakedown-base/busybox:local)
        var helperImage = DOCKER.settings().diagnosisHelperImage();
        var local = EngineDisk.measure(DOCKER.docker(), helperImage, "engine-disk-test", true);
        var viaEngine = EngineDisk.measure(DOCKER.docker(), helperImage, "engine-disk-test", false);
        assertEquals(local.path(), viaEngine.path());
        assertTrue(local.how().contains("on this machine"), local.how());
        assertTrue(viaEngine.how().contains("helper container"), viaEngine.how());
        // the same file system seen twice a moment apart: other jobs on this machine write in between
        long gib = 1024L * 1024 * 1024;
        assertTrue(Math.abs(local.freeBytes() - viaEngine.freeBytes()) < gib, local + " vs " + viaEngine);
        assertEquals(local.totalBytes() / gib, viaEngine.totalBytes() / gib, local + " vs " + viaEngine);
    }

    @Test
    void dfOutputIsRead() {
        assertArrayEquals(new long[] {264212084, 78732716}, EngineDisk.parseDf("""
                Filesystem     1024-blocks     Used Available Capacity Mounted on
                /dev/vda         264212084 27658196  78732716      26% /docker-root
                """));
    }
}
