package io.shakedown.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "The network is idle" counts the page's HTTP requests only, as the DevTools protocol reports them. */
class PageEventsTest {

    static Map<String, Object> sent(String id, String url) {
        return Map.of("requestId", id, "request", Map.of("url", url));
    }

    @Test
    void chromiumsOwnResourcesAndDataUrlsThatNeverFinishDoNotKeepThePageFromSettling() {
        var events = new PageEvents();
        events.requestWillBeSent(sent("1", "chrome://resources/cr_elements/cr_tooltip/cr_tooltip.html.js"));
        events.requestWillBeSent(sent("2", "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="));
        assertEquals(List.of(), events.inFlightUrls());
        assertTrue(events.idleFor(0), "nothing on the network is in flight");
    }

    @Test
    void aPagesOwnRequestInFlightKeepsItFromSettlingUntilItFinishes() {
        var events = new PageEvents();
        events.requestWillBeSent(sent("7", "http://127.0.0.1:8080/config.json"));
        assertFalse(events.idleFor(0), "the config fetch is in flight");
        assertEquals(List.of("http://127.0.0.1:8080/config.json"), events.inFlightUrls());
        events.loadingFinished(Map.of("requestId", "7"));
        assertTrue(events.idleFor(0));
    }
}
