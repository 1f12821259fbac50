package io.shakedown.rules;

import io.shakedown.probe.CappedBody;
import io.shakedown.probe.Excerpts;
import io.shakedown.probe.HttpProbe;
import io.shakedown.report.SafeText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rule probe sent and its answer as the rules read it: Shakedown's request headers plus the rule's, the body capped,
 * a binary body described instead of decoded, secret-looking values redacted; no answer is status -1 with the error.
 */
final class ProbeExchange {
    private ProbeExchange() {}

    static RuleInputs.Exchange send(HttpClient http, URI base, Condition.Http.Request request) {
        RuleInputs.Exchange result;
        try {
            var builder = HttpProbe.request(base.resolve(request.path()), RuleInputs.PROBE_TIMEOUT)
                    .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(request.body()))
                    .setHeader("User-Agent", "shakedown-rules");
            request.headers().forEach(builder::setHeader);
            HttpResponse<CappedBody> r = HttpProbe.exchange(http, builder.build(), RuleInputs.PROBE_TIMEOUT);
            byte[] bytes = r.body().bytes();
            String type = r.headers().firstValue("content-type").orElse(null);
            // a binary body is described, not decoded: no rule pattern is meant to match inside an image
            String body = SafeText.looksBinary(bytes, bytes.length, type)
                    ? SafeText.binarySummary(bytes, bytes.length, r.body().totalBytes(), type)
                    : SafeText.decode(bytes, 0, Math.min(bytes.length, RuleInputs.MAX_BODY_CHARS));
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(Excerpts.headers(r.headers()));
            headers.remove(":status");
            result = new RuleInputs.Exchange(request.describe(), r.statusCode(), headers, ResponseSecrets.redact(body), null,
                    r.body().totalBytes() > bytes.length ? null : JsonValues.parse(bytes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new RuleInputs.Exchange(request.describe(), -1, Map.of(), null, "interrupted");
        } catch (IOException | IllegalArgumentException e) {
            result = new RuleInputs.Exchange(request.describe(), -1, Map.of(), null, e.getMessage());
        }
        return result;
    }
}
