package io.shakedown.perfrunner;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one simulation every performance test runs: it builds itself from the current
 * {@link LoadPlan.Run} (set by {@link PerfRunner} before each Gatling run), so no test needs a class.
 *
 * <p>Every request goes into the Gatling group "warmup" or "measure" by the time it starts: before
 * ramp-up + warm-up have elapsed it is warm-up, after it is measured. The figures are read for the
 * "measure" group only, so ramp-up and warm-up never pollute them, in either load model.
 */
public class PlanSimulation extends Simulation {
    static final String WARMUP = "warmup";
    static final String MEASURE = "measure";

    /** When the measured window opens: ramp-up + warm-up after the first user starts (before() runs too early). */
    private final AtomicLong measureFromMillis = new AtomicLong(Long.MAX_VALUE);
    private final long preMs;

    public PlanSimulation() {
        LoadPlan.Run run = PerfRunner.currentRun();
        this.preMs = run.rampUpMs() + run.warmUpMs();
        var protocol = http.baseUrl(run.baseUrl())
                .shareConnections()          // a pool of keep-alive connections, like a gateway in front of the app
                .disableFollowRedirect()     // a 3xx is the answer we measure, not a hop to follow
                .disableCaching()
                .disableWarmUp()             // no request to gatling.io before the run
                .userAgentHeader("shakedown-perf");

        int[] cumulative = new int[run.requests().size()];
        int total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += Math.max(1, run.requests().get(i).weight());
            cumulative[i] = total;
        }
        int weightSum = total;
        List<Choice.WithKey> cases = new ArrayList<>();
        for (int i = 0; i < cumulative.length; i++) {
            cases.add(onCase(i).then(exec(request(run.requests().get(i)))));
        }
        ChainBuilder pick = exec(session -> {
            if (measureFromMillis.compareAndSet(Long.MAX_VALUE, System.currentTimeMillis() + preMs)) {
                PerfRunner.windowOpensAt(measureFromMillis.get());
            }
            // one request in the mix: no pick to store (a session copy per request saved)
            return cases.size() == 1 ? session : session.set("pick", pickIndex(cumulative, weightSum));
        });
        ChainBuilder send = group(session -> System.currentTimeMillis() < measureFromMillis.get() ? WARMUP : MEASURE)
                .on(cases.size() == 1 ? exec(request(run.requests().getFirst())) : doSwitch("#{pick}").on(cases));
        long endMs = run.durationMs();
        // Closed model: each user loops until the measured window ends instead of ending after one request and
        // being replaced. Same concurrency, same requests; a new user per request cost the generator a session, an
        // injector hop and two user records in simulation.log per request (see docs/performance.md, perf fidelity).
        // Open model: one request per arriving user, which is what an arrival rate means.
        var scn = "closed".equals(run.model())
                ? scenario("load").asLongAs(session -> beforeEnd(endMs)).on(pick, send)
                : scenario("load").exec(pick, send);

        Duration rampUp = Duration.ofMillis(run.rampUpMs());
        Duration steady = Duration.ofMillis(run.warmUpMs() + run.durationMs());
        var population = "closed".equals(run.model())
                ? scn.injectClosed(closedSteps(run.users(), rampUp, steady))
                : scn.injectOpen(openSteps(run.rate(), rampUp, steady));
        // A hard stop well past the planned end: a hung target must not hold the run forever.
        long maxTimeout = run.requests().stream().mapToLong(LoadPlan.Request::timeoutMs).max().orElse(10_000);
        setUp(population).protocols(protocol)
                .maxDuration(Duration.ofMillis(preMs + run.durationMs() + maxTimeout + 5_000));
    }

    /** Whether the measured window (of {@code durationMs}) has not ended; true before it is known (no user started yet). */
    private boolean beforeEnd(long durationMs) {
        long from = measureFromMillis.get();
        return from == Long.MAX_VALUE || System.currentTimeMillis() < from + durationMs;
    }

    private static OpenInjectionStep[] openSteps(double rate, Duration rampUp, Duration steady) {
        var steps = new ArrayList<OpenInjectionStep>();
        if (!rampUp.isZero()) steps.add(rampUsersPerSec(Math.min(1.0, rate)).to(rate).during(rampUp));
        steps.add(constantUsersPerSec(rate).during(steady));
        return steps.toArray(OpenInjectionStep[]::new);
    }

    private static ClosedInjectionStep[] closedSteps(int users, Duration rampUp, Duration steady) {
        var steps = new ArrayList<ClosedInjectionStep>();
        if (!rampUp.isZero()) steps.add(rampConcurrentUsers(0).to(users).during(rampUp));
        steps.add(constantConcurrentUsers(users).during(steady));
        return steps.toArray(ClosedInjectionStep[]::new);
    }

    private static int pickIndex(int[] cumulative, int weightSum) {
        int r = ThreadLocalRandom.current().nextInt(weightSum);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) return i;
        }
        return cumulative.length - 1;
    }

    private static HttpRequestActionBuilder request(LoadPlan.Request r) {
        String name = r.name();
        String path = r.path();
        var b = http(session -> name).httpRequest(r.method(), session -> path);
        if (r.headers() != null) {
            for (var h : r.headers().entrySet()) {
                String value = h.getValue();
                b = b.header(h.getKey(), session -> value);
            }
        }
        if (r.bodyBase64() != null) b = b.body(ByteArrayBody(Base64.getDecoder().decode(r.bodyBase64())));
        if (r.timeoutMs() > 0) b = b.requestTimeout(Duration.ofMillis(r.timeoutMs()));
        return b.check(status().lt(400)); // an error: status >= 400, a timeout or a broken connection
    }
}
