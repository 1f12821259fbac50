package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** How figures read in reports and pages: no ".0" on whole numbers, rounded otherwise, a '.' whatever the locale. */
class NumberTextTest {

    @Test
    void wholeNumbersHaveNoDecimals() {
        assertEquals("200", NumberText.of(200.0, 1));
        assertEquals("0", NumberText.of(0, 2));
        assertEquals("-3", NumberText.of(-3.0, 2));
    }

    @Test
    void otherNumbersAreRoundedToTheDecimalsAsked() {
        assertEquals("12.3", NumberText.of(12.34, 1));
        assertEquals("12.35", NumberText.of(12.346, 2));
        assertEquals("0.50", NumberText.of(0.5, 2));
    }

    @Test
    void theSeparatorIsADotInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.5", NumberText.of(1.5, 1));
        } finally {
            Locale.setDefault(before);
        }
    }
}
