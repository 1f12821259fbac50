package io.shakedown.spec;

import java.util.List;

/**
 * Static-asset and single-page-app checks: every page is fetched and every same-origin asset it references
 * must answer 2xx; every SPA route must answer 200 with the same document as {@code shell} (default {@code /}).
 * Besides the declared pages, every HTML page the run gets from readiness, checks and flow steps is crawled the same
 * way, unless the spec says {@code assets: false} ({@link #OFF}).
 */
public record AssetsSpec(List<String> pages, List<String> spaRoutes, String shell, boolean crawlsSeenPages) {
    public static final String DEFAULT_SHELL = "/";
    /** {@code assets: false}: no asset checks at all, not even of the HTML pages the run sees. */
    public static final AssetsSpec OFF = new AssetsSpec(List.of(), List.of(), DEFAULT_SHELL, false);
    /** No {@code assets} section: only the HTML pages the run sees (readiness, checks, flow steps) are crawled. */
    public static final AssetsSpec SEEN_PAGES_ONLY = new AssetsSpec(List.of(), List.of(), DEFAULT_SHELL);

    /** An {@code assets} section: its pages and routes, and the HTML pages the run sees. */
    public AssetsSpec(List<String> pages, List<String> spaRoutes, String shell) {
        this(pages, spaRoutes, shell, true);
    }
}
