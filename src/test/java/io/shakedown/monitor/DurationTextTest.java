package io.shakedown.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as monitors.yaml writes them: whole numbers with ms/s/m/h/d, and back in the largest whole unit. */
class DurationTextTest {

    @Test
    void parsesAWholeNumberAndAUnit() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), DurationText.parse("30s"));
        assertEquals(Duration.ofMinutes(5), DurationText.parse("5m"));
        assertEquals(Duration.ofHours(1), DurationText.parse(" 1h "));
        assertEquals(Duration.ofDays(7), DurationText.parse("7d"));
        for (String bad : new String[] {"", "30", "1.5h", "-1s", "1w", "1 s", "30S", "1234567890s", null}) {
            assertNull(DurationText.parse(bad), bad);
        }
    }

    @Test
    void formatsInTheLargestWholeUnitAndReadsBackTheSame() {
        assertEquals("1d", DurationText.format(Duration.ofHours(24)));
        assertEquals("2h", DurationText.format(Duration.ofMinutes(120)));
        assertEquals("90s", DurationText.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
        assertEquals("0s", DurationText.format(Duration.ZERO));
        for (String text : new String[] {"250ms", "45s", "15m", "36h", "30d"}) {
            assertEquals(text, DurationText.format(DurationText.parse(text)), text);
        }
    }
}
