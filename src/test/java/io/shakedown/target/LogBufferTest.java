package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log buffer stays bounded whatever the app writes: long lines are cut, a line that never ends is not kept whole. */
class LogBufferTest {
    static final String CHUNK = "x".repeat(16 * 1024);

    @Test
    void aLineThatNeverEndsIsKeptCutAndTheRestDropped() {
        var log = new LogBuffer(10);
        for (int i = 0; i < 1000; i++) { // 16 MB without a newline, as an app printing at full speed sends it
            log.append(CHUNK);
            assertTrue(log.partialChars() <= LogBuffer.MAX_LINE_CHARS + CHUNK.length(), "held " + log.partialChars());
        }
        assertEquals(1, log.total());
        String kept = log.tail(1).getFirst();
        assertTrue(kept.startsWith("x".repeat(LogBuffer.MAX_LINE_CHARS)) && kept.endsWith(LogBuffer.CUT), kept.length() + "");
        log.append("yyy\nnext line\n"); // the end of the endless line is dropped; the log goes on
        assertEquals(List.of("next line"), log.tail(2).subList(1, 2));
        assertEquals(2, log.total());
    }

    @Test
    void aLongCompleteLineIsCutAndShortOnesAreKeptAsTheyAre() {
        var log = new LogBuffer(10);
        log.append("x".repeat(100_000) + "\r\nshort\n");
        assertEquals(LogBuffer.MAX_LINE_CHARS + LogBuffer.CUT.length(), log.tail(2).getFirst().length());
        assertEquals("short", log.tail(1).getFirst());
        log.append("no newline at exit");
        log.flush();
        assertEquals("no newline at exit", log.tail(1).getFirst());
    }
}
