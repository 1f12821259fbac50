package io.shakedown.support;

import io.quarkus.test.common.http.TestHTTPResourceManager;

/**
 * The test service's management interface (quarkus.management: health, metrics, the OpenAPI document), on a port of its
 * own ({@code %test.quarkus.management.test-port=0}: random, several test runs share this machine).
 */
public final class Management {
    private Management() {}

    /** {@code path} (e.g. /q/metrics) on the management interface of the running test service. */
    public static String url(String path) {
        // Quarkus's management URL ends in the management root path (/q): keep scheme, host and port only
        var uri = java.net.URI.create(TestHTTPResourceManager.getManagementUri());
        return uri.getScheme() + "://" + uri.getRawAuthority() + path;
    }
}
