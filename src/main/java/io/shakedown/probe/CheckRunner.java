package io.shakedown.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.report.Report.AssertionResult;
import io.shakedown.report.Report.CheckResult;
import io.shakedown.report.Report.RequestEvidence;
import io.shakedown.report.Report.ResponseEvidence;
import io.shakedown.report.SafeText;
import io.shakedown.report.StageStatus;
import io.shakedown.run.Bounded;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.CheckSpec.RequestSpec;
import io.shakedown.spec.CheckSpec;
import io.shakedown.spec.ResponseSchemas;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the declared endpoint checks — independent ones in parallel, bounded — and keeps the evidence
 * of each: request line, status, headers, a size-capped body excerpt, duration, and every assertion
 * with expected versus actual.
 */
public final class CheckRunner {
    static final int BODY_EXCERPT_CHARS = 2048;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpProbe http;
    private final KeptBodies kept;

    public CheckRunner(HttpProbe http) {
        this(http, KeptBodies.NONE);
    }

    /** {@code kept}: where the whole bodies behind truncated excerpts go, for a stage that judges them whole. */
    public CheckRunner(HttpProbe http, KeptBodies kept) {
        this.http = http;
        this.kept = kept;
    }

    public List<CheckResult> run(List<CheckSpec> checks, URI base, int parallelism, Cancellation cancellation,
                                 Consumer<CheckResult> onResult) throws InterruptedException {
        return Bounded.map(checks, parallelism, "check", check -> {
            CheckResult r = cancellation.isCancelled()
                    ? new CheckResult(check.name(), StageStatus.CANCELLED, 0, null, null, List.of(), "run cancelled")
                    : runOne(check, base);
            onResult.accept(r);
            return r;
        });
    }

    CheckResult runOne(CheckSpec check, URI base) throws InterruptedException {
        try {
            return exchange(check.name(), check.request(), check.expect(), base, http.client()).result();
        } catch (IllegalArgumentException e) {
            // a filled-in template (a secret's value) that makes no valid URI or header; the spec reader refuses
            // everything else that cannot be sent
            var req = check.request();
            return new CheckResult(check.name(), StageStatus.FAILED, 0, null, null, List.of(),
                    "cannot send " + req.method() + " " + req.path() + ": " + SafeText.clean(e.getMessage()));
        }
    }

    /**
     * One request and its judged response, for checks and flow steps alike. {@code response} is null when no
     * answer came ({@code transportError} says why); the result then has status FAILED.
     */
    public record Exchange(CheckResult result, HttpResponse<CappedBody> response, IOException transportError) {}

    public Exchange exchange(String name, RequestSpec req, CheckSpec.Expect expect, URI base, HttpClient client)
            throws InterruptedException {
        URI uri = URI.create(base + req.path() + query(req.query(), req.path().contains("?")));
        var builder = HttpProbe.request(uri, req.timeout());
        req.headers().forEach(builder::setHeader); // the spec's own User-Agent or traceparent replaces Shakedown's
        byte[] body = null;
        if (req.json() != null) {
            body = req.json().toString().getBytes(StandardCharsets.UTF_8);
            if (req.headers().keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) builder.header("Content-Type", "application/json");
        } else if (req.body() != null) {
            body = req.body().getBytes(StandardCharsets.UTF_8);
        }
        builder.method(req.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        String requestType = req.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue).findFirst().orElse(req.json() != null ? "application/json" : null);
        HttpRequest request = builder.build();
        String traceId = HttpProbe.traceId(request);
        var requestEvidence = new RequestEvidence(req.method(), uri.toString(), req.headers().isEmpty() ? null : req.headers(),
                body == null ? null : SafeText.bodyExcerpt(body, body.length, body.length, requestType, BODY_EXCERPT_CHARS),
                traceId, http.traceUrl(traceId));

        long start = System.nanoTime();
        HttpResponse<CappedBody> response;
        try {
            response = HttpProbe.exchange(client, request, req.timeout());
        } catch (IOException e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Exchange(new CheckResult(name, StageStatus.FAILED, ms, requestEvidence, null, List.of(),
                    req.method() + " " + req.path() + (e instanceof HttpProbe.BodyNotFinished ? " " : " got no answer: ")
                            + HttpProbe.describe(e)), null, e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        CappedBody capped = response.body() == null ? CappedBody.EMPTY : response.body();
        byte[] bytes = capped.bytes();
        Map<String, List<String>> headers = Excerpts.headers(response.headers());
        String excerpt = SafeText.bodyExcerpt(bytes, bytes.length, capped.totalBytes(), response.headers().firstValue("content-type").orElse(null),
                BODY_EXCERPT_CHARS);
        var responseEvidence = new ResponseEvidence(response.statusCode(), headers, excerpt,
                capped.totalBytes(), capped.totalBytes() > BODY_EXCERPT_CHARS);
        kept.keep(responseEvidence, capped);

        List<AssertionResult> assertions = assertAll(expect, response, bytes, ms);
        List<AssertionResult> failed = assertions.stream().filter(a -> !a.passed()).toList();
        String failure = failed.isEmpty() ? null : failed.stream()
                .map(a -> a.what() + ": expected " + a.expected() + ", got " + a.actual())
                .collect(Collectors.joining("; "));
        return new Exchange(new CheckResult(name, failed.isEmpty() ? StageStatus.PASSED : StageStatus.FAILED, ms,
                requestEvidence, responseEvidence, assertions, failure), response, null);
    }

    private static List<AssertionResult> assertAll(CheckSpec.Expect expect, HttpResponse<CappedBody> response, byte[] body, long ms) {
        List<AssertionResult> out = new ArrayList<>();
        out.add(new AssertionResult("status", expect.status().toString(), String.valueOf(response.statusCode()),
                expect.status().matches(response.statusCode())));
        for (Map.Entry<String, Pattern> h : expect.headers().entrySet()) {
            List<String> values = response.headers().allValues(h.getKey());
            boolean ok = values.stream().anyMatch(v -> h.getValue().matcher(v).matches());
            out.add(new AssertionResult("header " + h.getKey(), h.getValue().pattern(),
                    values.isEmpty() ? "(absent)" : String.join(", ", values), ok));
        }
        if (!expect.json().isEmpty() || expect.schema() != null) {
            try {
                JsonNode tree = MAPPER.readTree(body);
                if (tree == null || tree.isMissingNode()) throw new IOException("empty body");
                out.addAll(JsonAssertions.evaluate(tree, expect.json()));
                if (expect.schema() != null) {
                    List<String> violations = ResponseSchemas.violations(expect.schema(), tree);
                    out.add(new AssertionResult("json schema", "the body conforms to the schema",
                            violations.isEmpty() ? "conforms" : Excerpts.oneLine(String.join("; ", violations), 400), violations.isEmpty()));
                }
            } catch (IOException e) {
                out.add(new AssertionResult("json body", "a JSON document", "not JSON (" + Excerpts.oneLine(String.valueOf(e.getMessage()), 120) + ")", false));
            }
        }
        if (expect.body() != null) {
            String text = Excerpts.text(body);
            if (expect.body().contains() != null) {
                out.add(new AssertionResult("body contains", expect.body().contains(), Excerpts.oneLine(text, 120), text.contains(expect.body().contains())));
            }
            if (expect.body().matches() != null) {
                out.add(new AssertionResult("body matches", expect.body().matches().pattern(), Excerpts.oneLine(text, 120),
                        expect.body().matches().matcher(text).find()));
            }
        }
        if (expect.maxDuration() != null) {
            out.add(new AssertionResult("duration", "≤ " + expect.maxDuration().toMillis() + " ms", ms + " ms", ms <= expect.maxDuration().toMillis()));
        }
        return out;
    }

    private static String query(Map<String, String> query, boolean pathHasQuery) {
        if (query.isEmpty()) return "";
        Map<String, String> ordered = new LinkedHashMap<>(query);
        return (pathHasQuery ? "&" : "?") + ordered.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
