package io.shakedown.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.jayway.jsonpath.PathNotFoundException;
import io.shakedown.probe.CappedBody;
import io.shakedown.probe.CheckRunner;
import io.shakedown.probe.HttpProbe;
import io.shakedown.probe.JsonPaths;
import io.shakedown.probe.KeptBodies;
import io.shakedown.report.Report.FlowResult;
import io.shakedown.report.Report.StepResult;
import io.shakedown.report.StageStatus;
import io.shakedown.run.Bounded;
import io.shakedown.run.Cancellation;
import io.shakedown.secret.Redactor;
import io.shakedown.spec.CheckSpec;
import io.shakedown.spec.FlowSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs user flows: each flow's steps in order, with its own cookie jar and captured values; independent
 * flows in parallel, bounded. A flow stops at its first failing step; the steps after it are reported SKIPPED.
 *
 * <p>Only transport errors (connection refused or reset, an empty reply) are retried, a bounded number of
 * times with a short back-off: they say nothing about the app's logic. A wrong status or body is never
 * retried, and neither is a timeout (the request may have been processed).
 */
public final class FlowRunner {
    static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_BACKOFF = Duration.ofMillis(200);
    private static final int CAPTURE_SHOWN_CHARS = 80;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CheckRunner checks;
    private final Map<String, String> secrets;
    private final Redactor redactor;

    /** {@code redactor}: the run's; the credentials the flows capture are added to it (see {@link Credentials}). */
    public FlowRunner(HttpProbe http, Map<String, String> secrets, Redactor redactor) {
        this(http, secrets, redactor, KeptBodies.NONE);
    }

    /** As above; {@code kept}: where the whole bodies behind truncated excerpts go (see {@link KeptBodies}). */
    public FlowRunner(HttpProbe http, Map<String, String> secrets, Redactor redactor, KeptBodies kept) {
        this.checks = new CheckRunner(http, kept);
        this.secrets = secrets;
        this.redactor = redactor;
    }

    public List<FlowResult> run(List<FlowSpec> flows, URI base, int parallelism, Cancellation cancellation,
                                Consumer<FlowResult> onResult) throws InterruptedException {
        return Bounded.map(flows, parallelism, "flow", flow -> {
            FlowResult r = runOne(flow, base, cancellation);
            onResult.accept(r);
            return r;
        });
    }

    FlowResult runOne(FlowSpec flow, URI base, Cancellation cancellation) throws InterruptedException {
        long t0 = System.nanoTime();
        var resolver = new TemplateResolver(secrets);
        var credentials = Credentials.of(flow);
        var jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        List<StepResult> steps = new ArrayList<>();
        String failedStep = null;
        String failure = null;
        // a client per flow: its own cookie jar, like one user's browser
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).cookieHandler(jar).build()) {
            for (int i = 0; i < flow.steps().size(); i++) {
                FlowSpec.Step step = flow.steps().get(i);
                if (failure != null || cancellation.isCancelled()) {
                    steps.add(new StepResult(i, step.name(), cancellation.isCancelled() && failure == null ? StageStatus.CANCELLED : StageStatus.SKIPPED,
                            0, 0, null, null, null, null, failure == null ? "run cancelled" : "not run: an earlier step failed"));
                    continue;
                }
                StepResult r = runStep(i, step, base, client, resolver, credentials);
                steps.add(r);
                if (r.status() != StageStatus.PASSED) {
                    failedStep = "steps[" + i + "] " + step.name();
                    failure = failedStep + ": " + r.failure();
                }
            }
        }
        StageStatus status = failure != null ? StageStatus.FAILED
                : cancellation.isCancelled() ? StageStatus.CANCELLED : StageStatus.PASSED;
        return new FlowResult(flow.name(), status, (System.nanoTime() - t0) / 1_000_000, failedStep, List.copyOf(steps), failure);
    }

    private StepResult runStep(int index, FlowSpec.Step step, URI base, HttpClient client, TemplateResolver resolver,
                               Credentials credentials) throws InterruptedException {
        CheckSpec.RequestSpec request;
        CheckSpec.Expect expect;
        try {
            request = resolver.request(step.request());
            resolver.beginStep(request);
            expect = resolver.expect(step.expect());
        } catch (TemplateResolver.Unresolvable e) {
            return new StepResult(index, step.name(), StageStatus.FAILED, 0, 0, null, null, null, null, e.getMessage());
        }
        CheckRunner.Exchange exchange;
        int attempts = 0;
        long t0 = System.nanoTime();
        while (true) {
            attempts++;
            try {
                exchange = checks.exchange(step.name(), request, expect, base, client);
            } catch (IllegalArgumentException e) {
                // a templated value that makes no valid URI or header (e.g. a space in a path)
                return new StepResult(index, step.name(), StageStatus.FAILED, 0, attempts, null, null, null, null,
                        "cannot send " + request.method() + " " + request.path() + ": " + e.getMessage());
            }
            if (exchange.transportError() == null || !retryable(exchange.transportError()) || attempts >= MAX_ATTEMPTS) break;
            Thread.sleep(RETRY_BACKOFF.toMillis() * attempts);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        var result = exchange.result();
        resolver.endStep(exchange.response());
        if (exchange.response() != null) credentials.sessionCookies(exchange.response()).forEach(redactor::add);
        String failure = result.failure();
        if (exchange.transportError() != null && attempts > 1) failure += " (after " + attempts + " attempts)";
        Map<String, String> captured = new LinkedHashMap<>();
        if (failure == null) {
            for (FlowSpec.Capture c : step.captures()) {
                JsonNode value = capture(c, exchange.response(), client);
                if (value == null) {
                    failure = "capture " + c.name() + ": " + describe(c) + " not found in the response";
                    break;
                }
                resolver.capture(c.name(), value);
                String shown = TemplateResolver.asText(value);
                if (credentials.masks(c)) {
                    redactor.add(shown); // from now on, in every event, the report, the page, the database row
                    shown = Redactor.MASK; // shown cut to a prefix, a value would no longer be recognised: never shown at all
                }
                captured.put(c.name(), shown.length() > CAPTURE_SHOWN_CHARS ? shown.substring(0, CAPTURE_SHOWN_CHARS) + "…" : shown);
            }
        }
        return new StepResult(index, step.name(), failure == null ? StageStatus.PASSED : StageStatus.FAILED, ms, attempts,
                result.request(), result.response(), result.assertions(), captured.isEmpty() ? null : captured, failure);
    }

    /** Refused, reset or closed without an answer: the app (or the proxy in front of it) dropped us; worth another try. */
    static boolean retryable(IOException e) {
        if (e instanceof HttpTimeoutException) return false;
        if (e instanceof ConnectException) return true;
        String d = HttpProbe.describe(e);
        return d.equals("connection refused") || d.equals("connection reset") || d.startsWith("connection closed without");
    }

    private static JsonNode capture(FlowSpec.Capture c, HttpResponse<CappedBody> response, HttpClient client) {
        byte[] body = response.body() == null ? new byte[0] : response.body().bytes();
        switch (c.source()) {
            case JSON -> {
                try {
                    JsonNode tree = MAPPER.readTree(body);
                    if (tree == null || tree.isMissingNode()) return null;
                    JsonNode v = JsonPaths.read(tree, c.expression());
                    return v == null || v.isNull() ? null : v;
                } catch (IOException | PathNotFoundException e) {
                    return null;
                }
            }
            case HEADER -> {
                return response.headers().firstValue(c.expression()).map(v -> (JsonNode) TextNode.valueOf(v)).orElse(null);
            }
            case REGEX -> {
                Matcher m = Pattern.compile(c.expression()).matcher(new String(body, StandardCharsets.UTF_8));
                if (!m.find()) return null;
                return TextNode.valueOf(m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
            }
            case COOKIE -> {
                for (String header : response.headers().allValues("Set-Cookie")) {
                    try {
                        for (HttpCookie cookie : HttpCookie.parse(header)) {
                            if (cookie.getName().equals(c.expression())) return TextNode.valueOf(cookie.getValue());
                        }
                    } catch (IllegalArgumentException ignored) {
                        // a malformed Set-Cookie is simply not the cookie we look for
                    }
                }
                // set by an earlier response: it is in the jar
                if (client.cookieHandler().orElse(null) instanceof CookieManager jar) {
                    for (HttpCookie cookie : jar.getCookieStore().getCookies()) {
                        if (cookie.getName().equals(c.expression())) return TextNode.valueOf(cookie.getValue());
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static String describe(FlowSpec.Capture c) {
        return switch (c.source()) {
            case JSON -> "JSONPath " + c.expression();
            case HEADER -> "header " + c.expression();
            case REGEX -> "regex " + c.expression();
            case COOKIE -> "cookie " + c.expression();
        };
    }
}
