package io.shakedown.spec;

import java.util.List;

/**
 * Static-asset and single-page-app checks: every page is fetched and every same-origin asset it references
 * must answer 2xx; every SPA route must answer 200 with the same document as {@code shell} (default {@code /}).
 */
public record AssetsSpec(List<String> pages, List<String> spaRoutes, String shell) {
    public static final String DEFAULT_SHELL = "/";
}
