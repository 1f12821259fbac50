package io.shakedown.contract;

import io.shakedown.probe.CappedBody;
import io.shakedown.probe.HttpProbe;
import io.shakedown.spec.ContractSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the OpenAPI document the stage holds the app to: the file next to the spec, the path the spec names on the
 * app, or the first well-known path that answers a 2xx with an OpenAPI 3 (or Swagger 2.0) document (springdoc's /v3/api-docs, Quarkus's
 * /q/openapi, FastAPI's /openapi.json, ...).
 */
final class DocumentLocator {
    /** Tried in this order when the spec names no document. */
    static final List<String> WELL_KNOWN = List.of("/openapi.json", "/v3/api-docs", "/q/openapi", "/openapi.yaml", "/openapi.yml",
            "/openapi", "/api-docs", "/swagger.json", "/v3/api-docs.yaml", "/api/openapi.json", "/docs/openapi.json");
    /**
     * A document the spec names may take long the first time (springdoc builds /v3/api-docs on the first request: over
     * 5 s on a busy machine); each discovery candidate gets less, as up to 11 are tried.
     */
    private static final Duration NAMED_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CANDIDATE_TIMEOUT = Duration.ofSeconds(10);

    /** What was found: the document and where, or (document null) where it was looked for and why nothing was used. */
    record Found(OpenApiDocument document, String source, String location, List<String> tried, String failure) {}

    private final HttpProbe http;

    DocumentLocator(HttpProbe http) {
        this.http = http;
    }

    /** The longest finding the document can take: nothing for a file, one fetch for a named path, every well-known path's. */
    static Duration bound(ContractSpec spec) {
        if (spec.documentText() != null) return Duration.ZERO;
        return spec.documentOnTheApp() ? NAMED_TIMEOUT : CANDIDATE_TIMEOUT.multipliedBy(WELL_KNOWN.size());
    }

    Found locate(ContractSpec spec, URI base, Map<String, String> headers) throws InterruptedException {
        if (spec.documentText() != null) {
            try {
                return new Found(OpenApiDocument.parse(spec.documentText()), "file", spec.openapi(), List.of(), null);
            } catch (OpenApiDocument.NotOpenApi e) {
                return new Found(null, "file", spec.openapi(), List.of(), "the file " + spec.openapi() + " is not a usable OpenAPI document: " + e.getMessage());
            }
        }
        boolean named = spec.documentOnTheApp();
        var tried = new ArrayList<String>();
        for (String path : named ? List.of(spec.openapi()) : WELL_KNOWN) {
            String outcome = fetch(base, path, headers, named ? NAMED_TIMEOUT : CANDIDATE_TIMEOUT);
            if (outcome.startsWith("{")) {
                try {
                    return new Found(OpenApiDocument.parse(outcome.substring(1)), named ? "app" : "discovered", path, List.copyOf(tried), null);
                } catch (OpenApiDocument.NotOpenApi e) {
                    outcome = "not an OpenAPI 3 or Swagger 2.0 document: " + e.getMessage();
                }
            }
            tried.add(path + " (" + outcome + ")");
        }
        String failure = named
                ? "the app's OpenAPI document " + spec.openapi() + " could not be used: " + tried.getFirst()
                : "no OpenAPI document found at the well-known paths (" + WELL_KNOWN.size() + " tried); name it with contract.openapi";
        return new Found(null, named ? "app" : "discovered", null, List.copyOf(tried), failure);
    }

    /** "{" + the body of a 2xx answer, else what happened ("404", "connection refused"). */
    private String fetch(URI base, String path, Map<String, String> headers, Duration timeout) throws InterruptedException {
        try {
            var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET()
                    .header("User-Agent", "shakedown")
                    .header("Accept", "application/json, application/yaml;q=0.9, application/vnd.oai.openapi;q=0.9, */*;q=0.5");
            headers.forEach(builder::header);
            HttpResponse<CappedBody> r = HttpProbe.exchange(http.client(), builder.build(), timeout); // headers and body within it
            if (r.statusCode() / 100 != 2) return String.valueOf(r.statusCode());
            if (r.body().truncated()) return "larger than " + CappedBody.CAP / 1024 + " KiB";
            return "{" + new String(r.body().bytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return HttpProbe.describe(e);
        } catch (IllegalArgumentException e) {
            return "cannot be requested: " + e.getMessage();
        }
    }
}
