package io.shakedown.service;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The image's HEALTHCHECK: exits 0 when /q/health/ready answers 200. Plain java.base and no dependencies, so the
 * image needs no curl or wget; run as {@code java -cp /deployments/app/* io.shakedown.service.Healthcheck}.
 * Health is on the management interface: the port is QUARKUS_MANAGEMENT_PORT (default 9000).
 */
public final class Healthcheck {
    private Healthcheck() {}

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("QUARKUS_MANAGEMENT_PORT", "9000");
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:" + port + "/q/health/ready";
        try {
            var c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(4000);
            int status = c.getResponseCode();
            System.out.println(url + " " + status);
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.out.println(url + " " + e);
            System.exit(1);
        }
    }
}
