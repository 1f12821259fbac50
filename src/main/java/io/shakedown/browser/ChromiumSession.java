package io.shakedown.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import io.shakedown.probe.TraceContext;
import org.apache.commons.io.FileUtils;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.json.Json;

/**
 * One headless Chromium for one run, driven by its chromedriver, with a fresh profile folder. Console, exceptions
 * and network come from the DevTools protocol as raw events (no version-bound classes); the Web Vitals from
 * PerformanceObservers installed before any page script runs. {@link #close} (idempotent, callable from the cancel
 * thread) quits the driver, kills whatever process still runs on the profile, and deletes the profile.
 * The only class of the stage that touches Selenium: nothing of it is loaded unless a browser runs.
 */
final class ChromiumSession implements AutoCloseable {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    /** Profile folders are named after this and the run, so the reaper can find those a crash left behind. */
    static final String PROFILE_PREFIX = "shakedown-chromium-";

    private static final String VITALS = """
            (function () {
              var v = window.__shakedownVitals = { lcp: null, cls: 0 };
              try { new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { v.lcp = e.renderTime || e.loadTime || e.startTime; }); })
                      .observe({ type: 'largest-contentful-paint', buffered: true }); } catch (e) {}
              try { new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { if (!e.hadRecentInput) v.cls += e.value; }); })
                      .observe({ type: 'layout-shift', buffered: true }); } catch (e) {}
            })();""";
    private static final String SNAPSHOT = """
            var nav = performance.getEntriesByType('navigation')[0] || {};
            var v = window.__shakedownVitals || {};
            var body = document.body, text = body ? (body.innerText || '').trim() : '', media = 0;
            document.querySelectorAll('img,svg,canvas,video,iframe,object,embed,input,button,select,textarea').forEach(function (e) {
              var r = e.getBoundingClientRect(); if (r.width > 0 && r.height > 0) media++; });
            return { ttfb: nav.responseStart || null, dcl: nav.domContentLoadedEventEnd || null, load: nav.loadEventEnd || null,
                     lcp: v.lcp, cls: v.cls, text: text.substring(0, 300), textLength: text.length, media: media,
                     contentType: document.contentType, url: location.href };""";

    final PageEvents events = new PageEvents();
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final DevTools devTools;
    private final Path profile;
    private final String version;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedDone = new CountDownLatch(1);
    /** How long a second close waits for the first (quitting the driver, killing, deleting the profile). */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** The trace the app's requests of the current page (or flow) belong to; null: none traced yet. */
    private volatile String traceId;

    /** What a page looked like once it settled. */
    record Snapshot(String url, String contentType, boolean rendered, String text, Long ttfbMs, Long domContentLoadedMs, Long loadMs,
                    Long lcpMs, Double cls, long settledMs, boolean networkIdle, boolean loadTimedOut) {}

    /** Where a launch's time went (ms): chromedriver's start, the session (Chromium's start), DevTools connected and set up. */
    record LaunchTimings(long driverMs, long sessionMs, long devToolsMs) {
        long totalMs() {
            return driverMs + sessionMs + devToolsMs;
        }

        @Override
        public String toString() {
            return "chromedriver " + driverMs + " ms, Chromium and session " + sessionMs + " ms, DevTools " + devToolsMs + " ms";
        }
    }

    private LaunchTimings launchTimings;

    private ChromiumSession(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        this.version = String.valueOf(driver.getCapabilities().getBrowserVersion());
        this.devTools = driver.getDevTools();
        devTools.createSession();
        listen("Runtime.exceptionThrown", events::exceptionThrown);
        listen("Runtime.consoleAPICalled", events::consoleApiCalled);
        listen("Log.entryAdded", events::logEntryAdded);
        listen("Network.requestWillBeSent", events::requestWillBeSent);
        listen("Network.responseReceived", events::responseReceived);
        listen("Network.loadingFinished", events::loadingFinished);
        listen("Network.loadingFailed", events::loadingFailed);
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) send(domain + ".enable", Map.of());
        send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VITALS));
    }

    /** Starts chromedriver and Chromium (headless, fresh profile under {@code profileRoot}, nothing that calls home). */
    static ChromiumSession launch(ChromiumInstallation installation, Path profileRoot, String runId, Duration pageTimeout) throws IOException {
        Files.createDirectories(profileRoot);
        Path profile = Files.createTempDirectory(profileRoot, PROFILE_PREFIX + runId + "-");
        var options = new ChromeOptions();
        options.setBinary(installation.chromium().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-default-apps",
                "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US");
        options.setPageLoadTimeout(pageTimeout);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(installation.chromedriver().toFile()).usingAnyFreePort().build();
        try {
            long t0 = System.nanoTime();
            service.start();
            long t1 = System.nanoTime();
            var driver = new ChromeDriver(service, options);
            long t2 = System.nanoTime();
            var session = new ChromiumSession(service, driver, profile);
            session.launchTimings = new LaunchTimings((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            return session;
        } catch (IOException e) {
            service.stop();
            killProfileProcesses(profile);
            deleteTree(profile);
            throw e;
        } catch (RuntimeException e) {
            service.stop();
            killProfileProcesses(profile);
            deleteTree(profile);
            throw e;
        }
    }

    /**
     * From now on every request to {@code base}'s origin is paused by the browser, given a W3C traceparent in the
     * current trace ({@link #newTrace}) unless the page set one itself, and sent on. Other origins are left alone: a
     * header added to a cross-origin request needs the other server's CORS consent (a preflight that would fail and
     * break the page), and a third party has no use for Shakedown's trace.
     */
    void traceRequestsTo(URI base) {
        String origin = base.getScheme() + "://" + base.getRawAuthority();
        listen("Fetch.requestPaused", this::continueWithTraceparent);
        send("Fetch.enable", Map.of("patterns", List.of(Map.of("urlPattern", origin + "/*", "requestStage", "Request"))));
    }

    /** Starts a new trace for the requests that follow (a page load, a flow); returns its id. */
    String newTrace() {
        traceId = TraceContext.newTraceId();
        return traceId;
    }

    @SuppressWarnings("unchecked")
    private void continueWithTraceparent(Map<String, Object> paused) {
        Object requestId = paused.get("requestId");
        try {
            var headers = new ArrayList<Map<String, String>>();
            boolean own = false;
            var request = (Map<String, Object>) paused.get("request");
            for (var h : ((Map<String, Object>) request.get("headers")).entrySet()) {
                own |= h.getKey().equalsIgnoreCase("traceparent");
                headers.add(Map.of("name", h.getKey(), "value", String.valueOf(h.getValue())));
            }
            String trace = traceId;
            if (!own && trace != null) headers.add(Map.of("name", "traceparent", "value", TraceContext.traceparent(trace)));
            send("Fetch.continueRequest", Map.of("requestId", requestId, "headers", headers));
        } catch (RuntimeException e) {
            // a paused request must go on whatever happened here, or the page waits for it until its timeout
            try {
                send("Fetch.continueRequest", Map.of("requestId", requestId));
            } catch (RuntimeException gone) {
                // the browser is closing
            }
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    String version() {
        return version;
    }

    LaunchTimings launchTimings() {
        return launchTimings;
    }

    Path profile() {
        return profile;
    }

    /**
     * Opens {@code url} and waits until the page settled: loaded, then no request in flight for {@code quiet}, at
     * most {@code settleMax} after load. The events of this page are in {@link #events} afterwards.
     */
    Snapshot open(URI url, Duration quiet, Duration settleMax) throws InterruptedException {
        events.reset();
        long t0 = System.nanoTime();
        boolean timedOut = false;
        try {
            driver.get(url.toString());
        } catch (TimeoutException e) {
            timedOut = true;
            ((JavascriptExecutor) driver).executeScript("window.stop()");
        }
        long loaded = System.nanoTime();
        boolean idle;
        while (!(idle = events.idleFor(quiet.toMillis())) && System.nanoTime() - loaded < settleMax.toNanos()) {
            Thread.sleep(25);
        }
        long settledMs = (System.nanoTime() - t0) / 1_000_000;
        @SuppressWarnings("unchecked")
        var s = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(SNAPSHOT);
        boolean rendered = number(s.get("textLength")) > 0 || number(s.get("media")) > 0;
        Object cls = s.get("cls");
        return new Snapshot(String.valueOf(s.get("url")), String.valueOf(s.get("contentType")), rendered, (String) s.get("text"),
                millis(s.get("ttfb")), millis(s.get("dcl")), millis(s.get("load")), millis(s.get("lcp")),
                cls instanceof Number n ? Math.round(n.doubleValue() * 10000) / 10000.0 : null, settledMs, idle, timedOut);
    }

    /** The viewport as a {@code data:image/jpeg;base64,...} URI, or null when the browser could not take it. */
    String screenshot() {
        try {
            Map<String, Object> shot = devTools.send(new Command<>("Page.captureScreenshot", Map.of("format", "jpeg", "quality", 60),
                    input -> input.<Map<String, Object>>read(Json.MAP_TYPE)));
            return "data:image/jpeg;base64," + shot.get("data");
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            // the cancel thread and the stage both close: whoever comes second waits until the browser and its profile
            // are gone, so a run never reports (or a one-shot JVM never exits) before they are
            try {
                closedDone.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            closeNow();
        } finally {
            closedDone.countDown();
        }
    }

    private void closeNow() {
        try {
            devTools.close();
        } catch (RuntimeException e) {
            // the connection goes with the browser anyway
        }
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // already gone (crashed or killed): the sweep below makes sure
        }
        service.stop();
        killProfileProcesses(profile);
        deleteTree(profile);
    }

    private void listen(String event, Consumer<Map<String, Object>> handler) {
        devTools.addListener(new Event<Map<String, Object>>(event, input -> input.read(Json.MAP_TYPE)), handler);
    }

    private void send(String method, Map<String, Object> params) {
        devTools.send(new Command<>(method, params, input -> input.read(Json.MAP_TYPE)));
    }

    /**
     * Every process whose command line names {@code profile} (Chromium and its helpers), their children, and the
     * chromedriver that started them, killed.
     */
    static int killProfileProcesses(Path profile) {
        String marker = "--user-data-dir=" + profile;
        var doomed = new ArrayList<ProcessHandle>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(p -> {
                    p.descendants().forEach(doomed::add);
                    doomed.add(p);
                    p.parent().filter(d -> d.info().command().map(c -> c.endsWith("chromedriver")).orElse(false)).ifPresent(doomed::add);
                });
        doomed.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : doomed) {
            try {
                p.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the caller's check, if it matters
            }
        }
        return doomed.size();
    }

    /** The profile folder (or any folder), whole; what cannot be deleted now the reaper's next sweep removes. */
    static void deleteTree(Path root) {
        FileUtils.deleteQuietly(root.toFile());
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static Long millis(Object o) {
        return o instanceof Number n && n.doubleValue() > 0 ? Math.round(n.doubleValue()) : null;
    }
}
