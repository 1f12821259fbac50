package io.shakedown.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The compare page lists each documented operation the contract stage exercised, so a drift shows as newly failing. */
class CompareContractTest {

    private static Report withContract(StageStatus getItem) {
        var ok = new Report.ContractOperation("GET", "/items", "listItems", "contract", StageStatus.PASSED, null, null, List.of());
        var item = new Report.ContractOperation("GET", "/items/{id}", "getItem", "contract", getItem, null, null,
                getItem == StageStatus.PASSED ? List.of() : List.of(new Report.ContractViolation("schema", "fail", "/id", "integer", "\"1\"")));
        var contract = new Report.Contract(getItem, null, List.of(ok, item), List.of(), null, null);
        return new Report(1, "r", "shop", "ci", Verdict.PASSED, "s", null, null, null, 0, List.of(), null, List.of(), null, null, null,
                null, null, null, null, null, null, null, contract);
    }

    @Test
    void aContractOperationThatStartedFailingIsNewlyFailing() {
        var items = ComparePage.items(ComparePage.outcomes(withContract(StageStatus.PASSED)), ComparePage.outcomes(withContract(StageStatus.FAILED)));
        var changed = items.stream().filter(i -> !i.change().isEmpty()).toList();
        assertEquals(1, changed.size(), items.toString());
        assertEquals("contract GET /items/{id}", changed.getFirst().name());
        assertEquals("newly failing", changed.getFirst().change());
        assertEquals(2, items.size());
    }
}
