package io.shakedown.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one module of unit converters: what each accepts, what it gives, and null for what it is not. */
class UnitsTest {

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(300), Units.duration("300ms"));
        assertEquals(Duration.ofSeconds(60), Units.duration("60s"));
        assertEquals(Duration.ofMinutes(2), Units.duration("2m"));
        assertEquals(Duration.ofMinutes(90), Units.duration("1.5h"));
        assertEquals(Duration.ofMillis(1500), Units.duration("1.5s"));
        for (String bad : new String[] {"", "60", "1 s", "-1s", "1d", "s", "1.s", null}) assertNull(Units.duration(bad), bad);
    }

    @Test
    void wholeDurationsWithDaysAsMonitorsWriteThem() {
        assertEquals(Duration.ofMillis(500), Units.wholeDuration("500ms"));
        assertEquals(Duration.ofSeconds(30), Units.wholeDuration("30s"));
        assertEquals(Duration.ofMinutes(5), Units.wholeDuration("5m"));
        assertEquals(Duration.ofHours(1), Units.wholeDuration(" 1h "));
        assertEquals(Duration.ofDays(7), Units.wholeDuration("7d"));
        for (String bad : new String[] {"", "30", "1.5h", "-1s", "1w", "1 s", "30S", "1234567890s", null}) {
            assertNull(Units.wholeDuration(bad), bad);
        }
    }

    @Test
    void formatWritesTheLargestWholeUnitAndReadsBackTheSame() {
        assertEquals("1d", Units.format(Duration.ofHours(24)));
        assertEquals("2h", Units.format(Duration.ofMinutes(120)));
        assertEquals("90s", Units.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", Units.format(Duration.ofMillis(1500)));
        assertEquals("0s", Units.format(Duration.ZERO));
        for (String text : new String[] {"250ms", "45s", "15m", "36h", "30d"}) {
            assertEquals(text, Units.format(Units.wholeDuration(text)), text);
        }
        for (Duration d : new Duration[] {Duration.ofDays(7), Duration.ofHours(25), Duration.ofMinutes(90), Duration.ofMillis(1500)}) {
            assertEquals(d, Units.wholeDuration(Units.format(d)), Units.format(d));
        }
    }

    @Test
    void sizesAreBinaryAndCaseInsensitive() {
        assertEquals(512L << 20, Units.bytes("512m"));
        assertEquals(512L << 20, Units.bytes("512Mi"));
        assertEquals(512L << 20, Units.bytes("512MiB"));
        assertEquals(1L << 30, Units.bytes("1g"));
        assertEquals(2L << 30, Units.bytes("2G")); // a JVM's -Xmx2G
        assertEquals(1L << 40, Units.bytes("1t"));
        assertEquals(64L << 10, Units.bytes("64KiB"));
        assertEquals(1536L << 20, Units.bytes("1.5g"));
        assertEquals(4096L, Units.bytes("4096"));
        assertEquals(100L, Units.bytes("100b"));
        for (String bad : new String[] {"", "m", "512x", "-1m", "1 gigabyte", null}) assertNull(Units.bytes(bad), bad);
        assertNull(Units.bytes("999999999999999t"), "beyond a long");
    }

    @Test
    void ratesAndPercentages() {
        assertEquals(50.0, Units.perSecond("50/s"));
        assertEquals(0.5, Units.perSecond("0.5 / s"));
        assertNull(Units.perSecond("50"));
        assertNull(Units.perSecond("50/m"));
        assertEquals(new Units.Percent("", 1.0), Units.percent("1%"));
        assertEquals(new Units.Percent("+", 20.0), Units.percent("+20%"));
        assertEquals(new Units.Percent("-", 15.5), Units.percent(" -15.5 % "));
        assertNull(Units.percent("20"));
        assertNull(Units.percent("twenty%"));
    }
}
