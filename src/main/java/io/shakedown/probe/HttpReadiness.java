package io.shakedown.probe;

import io.shakedown.report.SafeText;
import io.shakedown.spec.ReadinessSpec;
import io.shakedown.target.RunningTarget;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/** Ready when GET path answers a status the spec accepts. */
public final class HttpReadiness implements ReadinessProbe {
    private final ReadinessSpec.Http spec;
    private final HttpProbe http;

    public HttpReadiness(ReadinessSpec.Http spec, HttpProbe http) {
        this.spec = spec;
        this.http = http;
    }

    public String path() {
        return spec.path();
    }

    public String expectedStatus() {
        return spec.status().toString();
    }

    @Override
    public String describe() {
        return "http GET " + spec.path() + " → " + spec.status();
    }

    @Override
    public boolean needsTheDeclaredPort() {
        return true;
    }

    @Override
    public Attempt attempt(RunningTarget target, Duration budget) throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(target.baseUrl() + spec.path());
        } catch (IllegalArgumentException e) {
            return new Attempt(false, "GET " + spec.path() + ": not a valid URL (" + e.getMessage() + ")", null, null, "invalid URL");
        }
        Duration timeout = budget.compareTo(spec.requestTimeout()) < 0 ? budget : spec.requestTimeout();
        if (timeout.toMillis() < 50) timeout = Duration.ofMillis(50);
        try {
            var response = http.get(uri, timeout);
            String body = SafeText.bodyExcerpt(response.body().bytes(), response.body().bytes().length,
                    response.body().totalBytes(), response.headers().firstValue("content-type").orElse(null), 500);
            boolean ok = spec.status().matches(response.statusCode());
            boolean html = response.headers().firstValue("content-type").map(v -> v.toLowerCase(Locale.ROOT).contains("text/html")).orElse(false);
            return new Attempt(ok, "GET " + spec.path() + " answered " + response.statusCode(), response.statusCode(), body, null, html);
        } catch (IOException e) {
            String why = HttpProbe.describe(e);
            String outcome = e instanceof HttpProbe.BodyNotFinished ? "GET " + spec.path() + " " + why : "GET " + spec.path() + ": " + why;
            return new Attempt(false, outcome, null, null, why);
        }
    }
}
