package io.shakedown.perfrunner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * What the engine asks the runner to do: one or more load runs, executed one after the other in this
 * JVM (the A/B mode and repeated samples alternate targets without paying a JVM start each time).
 * Written by io.shakedown.perf.PerfForker as plan.json.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadPlan(List<Run> runs) {

    /**
     * One load run against one base URL.
     *
     * @param id         names the run's results folder; unique within the plan
     * @param model      "open" (arrival rate, {@code rate} users/s each sending one request) or
     *                   "closed" ({@code users} concurrent users, each sending one request at a time)
     * @param rampUpMs   linear ramp from zero to the full load; excluded from the figures
     * @param warmUpMs   full load after the ramp-up; excluded from the figures
     * @param durationMs full load that is measured
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Run(String id, String baseUrl, List<Request> requests, String model, double rate, int users,
                      long rampUpMs, long warmUpMs, long durationMs, boolean htmlReport) {}

    /**
     * One request of the mix. {@code path} already holds the encoded query. The body is sent as raw
     * bytes: Gatling would parse a string body (and name, path, headers given as strings) as its
     * expression language, so everything user-supplied goes in through functions or bytes.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Request(String name, String method, String path, Map<String, String> headers,
                          String bodyBase64, int weight, long timeoutMs) {}
}
