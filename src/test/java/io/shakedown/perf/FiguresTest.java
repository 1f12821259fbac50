package io.shakedown.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shakedown.report.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Medians of performance figures: each figure on its own, odd and even counts, the input left as it was. */
class FiguresTest {

    @Test
    void medianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwoMiddles() {
        double[] values = {9, 1, 5};
        assertEquals(5, Figures.median(values));
        assertEquals(List.of(9.0, 1.0, 5.0), List.of(values[0], values[1], values[2]), "the caller's array is not sorted in place");
        assertEquals(3.5, Figures.median(new double[] {4, 1, 3, 8}));
        assertEquals(7, Figures.median(new double[] {7}));
    }

    @Test
    void eachFigureIsItsOwnMedianNotTheFiguresOfTheMedianSample() {
        var a = new Report.PerfFigures(1000, 0, 0.0, 1, 10, 9, 12, 20, 30, 90, 100.0);
        var b = new Report.PerfFigures(1100, 11, 1.0, 2, 12, 11, 14, 60, 80, 400, 91.333);
        var c = new Report.PerfFigures(900, 2, 0.22, 1, 11, 10, 13, 25, 35, 100, 95.5);
        var m = Figures.median(List.of(a, b, c));
        assertEquals(new Report.PerfFigures(1000, 2, 0.22, 1, 11, 10, 13, 25, 35, 100, 95.5), m);
        var two = Figures.median(List.of(a, b)); // even: means of the two, rounded (figures in whole ms, rates to 2 places)
        assertEquals(new Report.PerfFigures(1050, 6, 0.5, 2, 11, 10, 13, 40, 55, 245, 95.67), two);
        assertSame(a, Figures.median(List.of(a)), "one sample is its own median");
    }
}
