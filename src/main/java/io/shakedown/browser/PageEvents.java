package io.shakedown.browser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the DevTools protocol reported while one page loaded and settled: uncaught exceptions, console messages,
 * failed requests, and the requests still in flight (for "the network has been idle"). Events arrive on the CDP
 * connection's thread; the run's thread reads; hence synchronized. The maps are CDP's JSON as Selenium decodes it.
 */
final class PageEvents {
    static final int MAX_EVENTS = 200; // a page that logs in a loop must not fill the report
    private static final Set<String> BODY_OPTIONAL = Set.of("Fetch", "XHR", "EventSource");

    /** One raw observation; {@link PageJudge} decides what it means for the verdict. */
    record Observed(String kind, String level, String message, String url, Integer line, Integer column, Integer status) {}

    private final List<Observed> observed = new ArrayList<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, String> requestUrls = new HashMap<>();
    private long lastActivityNanos = System.nanoTime();
    private Integer documentStatus;
    private int dropped;

    synchronized void exceptionThrown(Map<String, Object> params) {
        Map<String, Object> d = map(params.get("exceptionDetails"));
        String description = text(map(d.get("exception")).get("description"));
        String message = description != null ? firstLine(description) : text(d.get("text"));
        Map<String, Object> frame = firstFrame(d.get("stackTrace"));
        String url = text(d.get("url"));
        Integer line = oneBased(d.get("lineNumber"));
        Integer column = oneBased(d.get("columnNumber"));
        if ((url == null || url.isEmpty()) && frame != null) {
            url = text(frame.get("url"));
            line = oneBased(frame.get("lineNumber"));
            column = oneBased(frame.get("columnNumber"));
        }
        String prefix = text(d.get("text"));
        if (prefix != null && prefix.startsWith("Uncaught") && !message.startsWith("Uncaught")) message = prefix + " " + message;
        add(new Observed("exception", "error", message, blankToNull(url), line, column, null));
    }

    synchronized void consoleApiCalled(Map<String, Object> params) {
        String type = text(params.get("type"));
        String level = switch (type == null ? "" : type) {
            case "error", "assert" -> "error";
            case "warning" -> "warning";
            default -> null;
        };
        if (level == null) return;
        var parts = new ArrayList<String>();
        for (Object arg : list(params.get("args"))) {
            Map<String, Object> a = map(arg);
            Object value = a.containsKey("value") ? a.get("value") : a.get("description");
            if (value != null) parts.add(String.valueOf(value));
        }
        Map<String, Object> frame = firstFrame(params.get("stackTrace"));
        add(new Observed("console", level, String.join(" ", parts), frame == null ? null : blankToNull(text(frame.get("url"))),
                frame == null ? null : oneBased(frame.get("lineNumber")), frame == null ? null : oneBased(frame.get("columnNumber")), null));
    }

    /** The browser's own messages (CSP, mixed content, ...); "network" ones repeat what the Network domain reports. */
    synchronized void logEntryAdded(Map<String, Object> params) {
        Map<String, Object> e = map(params.get("entry"));
        String level = text(e.get("level"));
        String source = text(e.get("source"));
        if (!"error".equals(level) && !"warning".equals(level)) return;
        if ("network".equals(source) || "console-api".equals(source)) return;
        add(new Observed("console", level, text(e.get("text")), blankToNull(text(e.get("url"))), oneBased(e.get("lineNumber")), null, null));
    }

    synchronized void requestWillBeSent(Map<String, Object> params) {
        String id = text(params.get("requestId"));
        String url = text(map(params.get("request")).get("url"));
        requestUrls.put(id, url);
        // only the network counts for "idle": Chromium's own chrome:// resources and data: URLs (a 1x1 gif of its
        // WebUI) now and then never report finished, and kept one page in three waiting the whole settle limit (5 s)
        if (!isNetwork(url)) return;
        inFlight.add(id);
        lastActivityNanos = System.nanoTime();
    }

    private static boolean isNetwork(String url) {
        return url != null && (url.startsWith("http://") || url.startsWith("https://"));
    }

    synchronized void responseReceived(Map<String, Object> params) {
        Map<String, Object> response = map(params.get("response"));
        int status = number(response.get("status"));
        String type = text(params.get("type"));
        // a failed request, or a fetch whose body the page may never read (Chrome then never reports it finished,
        // and an EventSource never finishes): its answer is what counts for "the network is idle"
        if (status >= 400 || BODY_OPTIONAL.contains(type)) inFlight.remove(text(params.get("requestId")));
        if ("Document".equals(type) && documentStatus == null) documentStatus = status;
        if (status >= 400) {
            String statusText = text(response.get("statusText"));
            add(new Observed("request", "error", "answered " + status + (statusText == null || statusText.isBlank() ? "" : " " + statusText),
                    text(response.get("url")), null, null, status));
        }
        lastActivityNanos = System.nanoTime();
    }

    synchronized void loadingFinished(Map<String, Object> params) {
        inFlight.remove(text(params.get("requestId")));
        lastActivityNanos = System.nanoTime();
    }

    synchronized void loadingFailed(Map<String, Object> params) {
        String id = text(params.get("requestId"));
        inFlight.remove(id);
        lastActivityNanos = System.nanoTime();
        if (Boolean.TRUE.equals(params.get("canceled"))) return; // a navigation away, not a failure
        String blocked = text(params.get("blockedReason"));
        String message = switch (blocked == null ? "" : blocked) {
            case "csp" -> "blocked by the Content-Security-Policy";
            case "mixed-content" -> "blocked as mixed content (http on an https page)";
            case "" -> "failed: " + text(params.get("errorText"));
            default -> "blocked (" + blocked + "): " + text(params.get("errorText"));
        };
        Map<String, Object> cors = map(params.get("corsErrorStatus"));
        if (cors.get("corsError") != null) message = "blocked by CORS (" + cors.get("corsError") + ")";
        add(new Observed("request", "error", message, requestUrls.get(id), null, null, null));
    }

    /** True when no request has been in flight for {@code quietMillis}. */
    synchronized boolean idleFor(long quietMillis) {
        return inFlight.isEmpty() && (System.nanoTime() - lastActivityNanos) / 1_000_000 >= quietMillis;
    }

    /** The URLs of the requests still in flight (what keeps a page from settling). */
    synchronized List<String> inFlightUrls() {
        return inFlight.stream().map(id -> String.valueOf(requestUrls.get(id))).sorted().toList();
    }

    synchronized List<Observed> observed() {
        return List.copyOf(observed);
    }

    synchronized int dropped() {
        return dropped;
    }

    synchronized Integer documentStatus() {
        return documentStatus;
    }

    /** Forgets everything: the next page starts clean. */
    synchronized void reset() {
        observed.clear();
        inFlight.clear();
        requestUrls.clear();
        documentStatus = null;
        dropped = 0;
        lastActivityNanos = System.nanoTime();
    }

    private void add(Observed o) {
        if (observed.size() < MAX_EVENTS) observed.add(o);
        else dropped++;
    }

    // ------------------------------------------------------------- CDP JSON

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    /** CDP counts lines and columns from 0; people (and editors) from 1. */
    private static Integer oneBased(Object o) {
        return o instanceof Number n ? n.intValue() + 1 : null;
    }

    private static Map<String, Object> firstFrame(Object stackTrace) {
        var frames = list(map(stackTrace).get("callFrames"));
        return frames.isEmpty() ? null : map(frames.getFirst());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
