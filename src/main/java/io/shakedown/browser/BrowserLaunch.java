package io.shakedown.browser;

import io.shakedown.run.Cancellation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run's Chromium, started on a thread of its own as soon as the run knows it will need one, so that Chromium's
 * and chromedriver's start (a second or more) overlaps the container's start, readiness and the checks instead of
 * adding to the browser stage. It holds one of the process's browser slots from the moment it gets one until it is
 * closed. {@link #close} (idempotent, from any thread: the browser stage, the cancel, the run's end) waits for a
 * launch still in progress, then kills the browser and deletes its profile; a run that never reaches the browser
 * stage closes it all the same.
 */
public final class BrowserLaunch implements AutoCloseable {
    /** What the browser stage gets: the session, and how long the stage waited for it (0: it was ready first). */
    record Ready(ChromiumSession session, long waitedMs) {}

    private volatile String startSummary;

    private final CompletableFuture<ChromiumSession> session = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Semaphore slots;

    BrowserLaunch(Semaphore slots, ChromiumInstallation installation, BrowserSettings settings, String runId) {
        this.slots = slots;
        Thread.ofPlatform().daemon().name("browser-launch-" + runId).start(() -> launch(installation, settings, runId));
    }

    private void launch(ChromiumInstallation installation, BrowserSettings settings, String runId) {
        boolean slot = false;
        try {
            while (!(slot = slots.tryAcquire(200, TimeUnit.MILLISECONDS))) {
                if (closing.get()) throw new CancellationException("closed while waiting for a browser slot");
            }
            if (closing.get()) throw new CancellationException("closed before the browser started");
            session.complete(ChromiumSession.launch(installation, settings.profileRoot(), runId, settings.pageTimeout()));
        } catch (IOException e) {
            fail(slot, new UncheckedIOException("could not make a profile folder for Chromium under " + settings.profileRoot() + ": " + e.getMessage(), e));
        } catch (InterruptedException e) {
            fail(slot, new CancellationException("interrupted while waiting for a browser slot"));
        } catch (RuntimeException | Error e) {
            fail(slot, e);
        }
    }

    /** A launch that did not give a browser gives its slot back at once; a browser's slot goes back when it is closed. */
    private void fail(boolean slot, Throwable e) {
        if (slot) slots.release();
        session.completeExceptionally(e);
    }

    /**
     * The started browser, waiting for it if need be; throws CancellationException when the run is cancelled meanwhile,
     * and what the launch threw (chromedriver or Chromium would not start) if it failed.
     */
    Ready await(Cancellation cancellation) throws InterruptedException {
        long t0 = System.nanoTime();
        while (true) {
            if (cancellation.isCancelled() || closing.get()) throw new CancellationException("cancelled while the browser started");
            try {
                var s = session.get(100, TimeUnit.MILLISECONDS);
                long waited = (System.nanoTime() - t0) / 1_000_000;
                startSummary = "Chromium started in " + s.launchTimings().totalMs() + " ms (" + s.launchTimings() + "), "
                        + (waited < 100 ? "before the stage needed it" : "the stage waited " + waited + " ms for it");
                return new Ready(s, waited);
            } catch (TimeoutException e) {
                // still starting: look at the cancel switch again
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** How the browser's start went, once the stage has it (for the stage's message); null before. */
    public String startSummary() {
        return startSummary;
    }

    /** Starts closing on a thread of its own (the run goes on meanwhile); {@link #close} then waits until it is done. */
    public void closeInBackground() {
        if (!closing.get()) Thread.ofPlatform().daemon().name("browser-close").start(this::close);
    }

    /** Kills the browser (once it is started, if it is starting) and deletes its profile; returns when both are gone. */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            // runs now if the launch is over, else on the launch's thread as soon as it is
            session.handle((s, failure) -> {
                try {
                    if (s != null) {
                        s.close();
                        slots.release();
                    }
                } finally {
                    closed.complete(null);
                }
                return null;
            });
        }
        try {
            closed.get(BrowserChecker.BROWSER_START.plus(ChromiumSession.CLOSE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a launch that hangs past its own timeouts: the reaper removes what it leaves
        }
    }
}
