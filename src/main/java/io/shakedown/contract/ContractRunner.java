package io.shakedown.contract;

import io.shakedown.flow.TemplateResolver;
import io.shakedown.probe.CappedBody;
import io.shakedown.probe.CheckRunner;
import io.shakedown.probe.HttpProbe;
import io.shakedown.probe.KeptBodies;
import io.shakedown.report.Report;
import io.shakedown.report.Report.ContractOperation;
import io.shakedown.report.Report.ContractViolation;
import io.shakedown.report.Report.SkippedOperation;
import io.shakedown.report.StageStatus;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.CheckSpec;
import io.shakedown.spec.ContractSpec;
import io.shakedown.spec.StatusMatcher;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The contract stage's work: find the document, call every operation the spec allows whose parameters can be filled
 * (within the budget), hold each answer to the document ({@link ResponseJudge}), optionally send one invalid value per
 * operation (it must get a 4xx), and hold the declared checks' and flow steps' answers to the same contract
 * ({@link DeclaredExchanges}).
 */
public final class ContractRunner {
    /** Any status is an answer to judge here; the judge decides what it means. */
    private static final CheckSpec.Expect ANY_STATUS = new CheckSpec.Expect(new StatusMatcher(List.of(), List.of(1, 2, 3, 4, 5)),
            null, null, null, null, null);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpProbe http;

    public ContractRunner(HttpProbe http) {
        this.http = http;
    }

    /**
     * The longest the stage can take for {@code spec}, for the run's deadline: finding the document (the named path's
     * timeout, or every well-known path's), then {@code contract.budget}'s time; a request never outlives the budget,
     * but the one under way when it ends and the declared exchanges' judging get {@link #REQUEST_TIMEOUT} more.
     */
    public static Duration bound(ContractSpec spec) {
        return DocumentLocator.bound(spec).plus(spec.budget().duration()).plus(REQUEST_TIMEOUT);
    }

    /**
     * {@code captured}: values flows captured, by name (used for parameters of the same name); {@code checks} and
     * {@code flows}: what the run's checks and flows sent and got.
     */
    public Report.Contract run(ContractSpec spec, URI base, Map<String, String> secrets, Map<String, String> captured,
                               List<Report.CheckResult> checks, List<Report.FlowResult> flows, Cancellation cancellation)
            throws InterruptedException {
        return run(spec, base, secrets, captured, checks, flows, KeptBodies.NONE, cancellation);
    }

    /** As above; {@code bodies}: the whole bodies behind the checks' and flow steps' excerpts, for their schema check. */
    public Report.Contract run(ContractSpec spec, URI base, Map<String, String> secrets, Map<String, String> captured,
                               List<Report.CheckResult> checks, List<Report.FlowResult> flows, KeptBodies bodies,
                               Cancellation cancellation) throws InterruptedException {
        long start = System.nanoTime();
        var resolver = new TemplateResolver(secrets);
        Map<String, String> headers = resolve(resolver, spec.headers());
        var given = new LinkedHashMap<>(captured);
        given.putAll(resolve(resolver, spec.parameters()));

        var found = new DocumentLocator(http).locate(spec, base, headers);
        if (found.document() == null) {
            var doc = new Report.ContractDocument(found.source(), found.location(), null, null, null, null, found.tried(), null);
            return new Report.Contract(StageStatus.FAILED, doc, List.of(), List.of(), null, found.failure());
        }
        OpenApiDocument document = found.document();
        var judge = new ResponseJudge(document, new ContractSchemas(document), spec.severity());
        var planner = new RequestPlanner(document, given);
        var budget = new Budget(spec.budget(), start);
        var results = new ArrayList<ContractOperation>();
        var skipped = new ArrayList<SkippedOperation>();
        for (Operation op : document.operations()) {
            String why = notExercised(spec, op);
            if (why == null && budget.spent()) why = "budget spent (" + budget.describe() + ")";
            if (why == null && cancellation.isCancelled()) why = "run cancelled";
            RequestPlanner.Planned planned = why == null ? planner.plan(op) : null;
            if (planned != null && planned.plan() == null) why = planned.skipReason();
            if (why != null) {
                skipped.add(new SkippedOperation(op.method(), op.path(), op.operationId(), why));
                continue;
            }
            results.add(exchange(op, "contract", planned.plan(), headers, base, judge, budget));
            RequestPlanner.Invalid invalid = spec.negative() ? planner.invalidValue(op) : null;
            if (invalid != null && !budget.spent()) {
                var negative = planner.plan(op, invalid);
                if (negative.plan() != null) results.add(negative(op, invalid, negative.plan(), headers, base, budget, spec));
            }
        }
        results.addAll(new DeclaredExchanges(document, judge, bodies).judge(checks, flows));
        var budgetUsed = new Report.ContractBudget(spec.budget().requests(), spec.budget().duration().toMillis(), budget.requests,
                budget.elapsedMs(), skipped.stream().anyMatch(s -> s.reason().startsWith("budget spent")));
        var doc = new Report.ContractDocument(found.source(), found.location(), document.describedVersion(), document.title(), document.apiVersion(),
                document.operations().size(), found.tried().isEmpty() ? null : found.tried(), document.problems().isEmpty() ? null : document.problems());
        List<ContractOperation> failed = results.stream().filter(r -> r.status() != StageStatus.PASSED).toList();
        String failure = failed.isEmpty() ? null : failed.size() + " of " + results.size() + " contract exchange(s) failed: " + describe(failed.getFirst());
        return new Report.Contract(failed.isEmpty() ? StageStatus.PASSED : StageStatus.FAILED, doc, List.copyOf(results),
                List.copyOf(skipped), budgetUsed, failure);
    }

    /** Why the spec keeps an operation out (contract.ignore, an unsafe method), or null. */
    private static String notExercised(ContractSpec spec, Operation op) {
        for (String pattern : spec.ignore()) {
            if (pattern.equals(op.operationId()) || pattern.equals(op.path())
                    || pattern.endsWith("/**") && (op.path() + "/").startsWith(pattern.substring(0, pattern.length() - 2))) {
                return "contract.ignore: " + pattern;
            }
        }
        if ("TRACE".equals(op.method())) return "TRACE is never sent";
        if (!op.safe() && !spec.unsafe()) return "unsafe method (changes data); contract.unsafe: true exercises it on a disposable instance";
        return null;
    }

    private ContractOperation exchange(Operation op, String origin, RequestPlanner.Plan plan, Map<String, String> headers, URI base,
                                       ResponseJudge judge, Budget budget) throws InterruptedException {
        var sent = send(op, plan, headers, base, budget);
        List<ContractViolation> violations;
        if (sent.response() == null) {
            violations = List.of(new ContractViolation("transport", "fail", null, "an answer", transportFailure(sent)));
        } else {
            CappedBody body = sent.response().body() == null ? CappedBody.EMPTY : sent.response().body();
            violations = judge.judge(op, new ResponseJudge.Seen(sent.response().statusCode(), sent.response().headers().map(),
                    body.truncated() ? null : body.bytes()));
        }
        return operation(op, origin, sent.result().request(), sent.result().response(), violations);
    }

    /** An invalid value must be refused with a 4xx: a 5xx or a success is a violation. */
    private ContractOperation negative(Operation op, RequestPlanner.Invalid invalid, RequestPlanner.Plan plan, Map<String, String> headers,
                                       URI base, Budget budget, ContractSpec spec) throws InterruptedException {
        var sent = send(op, plan, headers, base, budget);
        var violations = new ArrayList<ContractViolation>();
        String expected = "a 4xx refusal of " + invalid.why() + " in the " + invalid.in() + " parameter " + invalid.parameter();
        if (sent.response() == null) {
            violations.add(new ContractViolation("transport", "fail", null, "an answer", transportFailure(sent)));
        } else if (sent.response().statusCode() / 100 != 4 && spec.severity().negative() != ContractSpec.Severity.OFF) {
            violations.add(new ContractViolation("negative", spec.severity().negative().name().toLowerCase(Locale.ROOT), null, expected,
                    String.valueOf(sent.response().statusCode())));
        }
        return operation(op, "negative", sent.result().request(), sent.result().response(), violations);
    }

    private CheckRunner.Exchange send(Operation op, RequestPlanner.Plan plan, Map<String, String> headers, URI base, Budget budget)
            throws InterruptedException {
        var requestHeaders = new LinkedHashMap<String, String>();
        requestHeaders.put("Accept", "application/json, */*;q=0.5");
        requestHeaders.putAll(headers);
        requestHeaders.putAll(plan.headers());
        var request = new CheckSpec.RequestSpec(op.method(), plan.pathAndQuery(), requestHeaders, null, null, plan.json(),
                budget.timeout(REQUEST_TIMEOUT));
        budget.requests++;
        return new CheckRunner(http).exchange(op.describe(), request, ANY_STATUS, base, http.client());
    }

    private static String transportFailure(CheckRunner.Exchange sent) {
        return sent.transportError() == null ? String.valueOf(sent.result().failure()) : HttpProbe.describe(sent.transportError());
    }

    /** An exchange judged: FAILED when a violation fails the run, PASSED with warnings or none. */
    static ContractOperation operation(Operation op, String origin, Report.RequestEvidence request, Report.ResponseEvidence response,
                                       List<ContractViolation> violations) {
        boolean fails = violations.stream().anyMatch(ContractViolation::fails);
        return new ContractOperation(op.method(), op.path(), op.operationId(), origin, fails ? StageStatus.FAILED : StageStatus.PASSED,
                request, response, List.copyOf(violations));
    }

    /** "GET /items/{id} (getItem) answered GET /items/1: schema at /id: expected integer, got "1"". */
    static String describe(ContractOperation failed) {
        var v = failed.violations().stream().filter(ContractViolation::fails).findFirst().orElseThrow();
        String sent = failed.request() == null ? "" : " (sent " + failed.request().method() + " " + pathOf(failed.request().url()) + ")";
        return failed.method() + " " + failed.path() + (failed.operationId() == null ? "" : " [" + failed.operationId() + "]") + sent
                + ": " + v.kind() + (v.pointer() == null ? "" : " at " + (v.pointer().isEmpty() ? "the root" : v.pointer()))
                + ": expected " + v.expected() + ", got " + v.actual()
                + (failed.origin().equals("contract") ? "" : " — " + failed.origin());
    }

    private static String pathOf(String url) {
        try {
            URI u = URI.create(url);
            return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static Map<String, String> resolve(TemplateResolver resolver, Map<String, String> values) {
        var out = new LinkedHashMap<String, String>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            try {
                out.put(e.getKey(), resolver.text(e.getValue()));
            } catch (TemplateResolver.Unresolvable ex) {
                throw new IllegalStateException("contract value " + e.getKey() + ": " + ex.getMessage(), ex); // the spec reader refuses these
            }
        }
        return out;
    }

    /** Requests sent and time used, against the spec's bounds. */
    private static final class Budget {
        private final ContractSpec.Budget bounds;
        private final long start;
        int requests;

        Budget(ContractSpec.Budget bounds, long start) {
            this.bounds = bounds;
            this.start = start;
        }

        long elapsedMs() {
            return (System.nanoTime() - start) / 1_000_000;
        }

        boolean spent() {
            return requests >= bounds.requests() || elapsedMs() >= bounds.duration().toMillis();
        }

        /** A request may take at most what is left of the time. */
        Duration timeout(Duration wanted) {
            long left = Math.max(100, bounds.duration().toMillis() - elapsedMs());
            return Duration.ofMillis(Math.min(wanted.toMillis(), left));
        }

        String describe() {
            return requests + " of " + bounds.requests() + " requests, " + elapsedMs() + " of " + bounds.duration().toMillis() + " ms";
        }
    }
}
