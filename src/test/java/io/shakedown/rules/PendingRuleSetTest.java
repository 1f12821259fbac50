package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PendingRuleSetTest {

    @Test
    void aLoadedSetIsGivenBackAsItIs() {
        RuleSet set = RuleSet.builtIn();
        assertSame(set, PendingRuleSet.of(set).get());
    }

    /** Whoever needs the rules first waits for the one load under way; nobody loads them a second time. */
    @Test
    void theLoadRunsOnceOnItsOwnThreadAndEveryCallerWaitsForIt() throws Exception {
        var loads = new AtomicInteger();
        var loadedOn = new AtomicReference<String>();
        var release = new CountDownLatch(1);
        var pending = PendingRuleSet.loading(() -> {
            loads.incrementAndGet();
            loadedOn.set(Thread.currentThread().getName());
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return RuleSet.builtIn();
        });
        pending.loadInBackground();
        pending.loadInBackground(); // begun already: no second thread
        List<CompletableFuture<RuleSet>> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) callers.add(CompletableFuture.supplyAsync(pending::get));
        Thread.sleep(100);
        assertTrue(callers.stream().noneMatch(CompletableFuture::isDone), "the callers wait for the load under way");
        release.countDown();
        for (var caller : callers) assertSame(RuleSet.builtIn(), caller.get(10, TimeUnit.SECONDS));
        assertEquals(1, loads.get());
        assertEquals("rule-packs", loadedOn.get());
    }

    /** A caller right behind loadInBackground waits for the rule-packs thread; it does not take the load on itself. */
    @Test
    void aCallerRightAfterTheBackgroundStartDoesNotTakeTheLoadOver() {
        for (int i = 0; i < 20; i++) {
            var loadedOn = new AtomicReference<String>();
            var pending = PendingRuleSet.loading(() -> {
                loadedOn.set(Thread.currentThread().getName());
                return RuleSet.builtIn();
            });
            pending.loadInBackground();
            assertSame(RuleSet.builtIn(), pending.get());
            assertEquals("rule-packs", loadedOn.get(), "round " + i);
        }
    }

    @Test
    void withNothingBegunTheFirstCallerLoadsThem() {
        var loadedOn = new AtomicReference<String>();
        var pending = PendingRuleSet.loading(() -> {
            loadedOn.set(Thread.currentThread().getName());
            return RuleSet.builtIn();
        });
        assertSame(RuleSet.builtIn(), pending.get());
        assertEquals(Thread.currentThread().getName(), loadedOn.get());
    }

    /** A pack's problem comes out of get() as the RuleException it is, with its errors. */
    @Test
    void aFailedLoadThrowsItsRuleExceptionToEveryCaller() {
        var problem = new RuleException(List.of(new RuleError("extra.yaml", "rules[0].id", "is required", 3)));
        var pending = PendingRuleSet.loading(() -> {
            throw problem;
        });
        pending.loadInBackground();
        assertSame(problem, assertThrows(RuleException.class, pending::get));
        assertSame(problem, assertThrows(RuleException.class, pending::get));
    }
}
