package io.shakedown.contract;

import io.shakedown.probe.KeptBodies;
import io.shakedown.report.Report;
import io.shakedown.report.Report.ContractOperation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declared checks and flow steps whose request is a documented operation, held to the same contract from the
 * evidence they kept: status, content type and headers always; the schema over the whole body — the report's excerpt
 * when it is all of it, else the body {@link KeptBodies} held for this stage (a body over 1 MiB, or past the run's
 * allowance, is not schema-checked).
 */
final class DeclaredExchanges {
    private final OpenApiDocument document;
    private final ResponseJudge judge;
    private final KeptBodies bodies;

    DeclaredExchanges(OpenApiDocument document, ResponseJudge judge, KeptBodies bodies) {
        this.document = document;
        this.judge = judge;
        this.bodies = bodies;
    }

    List<ContractOperation> judge(List<Report.CheckResult> checks, List<Report.FlowResult> flows) {
        var out = new ArrayList<ContractOperation>();
        for (Report.CheckResult c : checks) {
            judgeOne("check " + c.name(), c.request(), c.response()).ifPresent(out::add);
        }
        for (Report.FlowResult f : flows) {
            if (f.steps() == null) continue;
            for (Report.StepResult s : f.steps()) judgeOne("flow " + f.name() + " step " + (s.index() + 1), s.request(), s.response()).ifPresent(out::add);
        }
        return out;
    }

    private Optional<ContractOperation> judgeOne(String origin, Report.RequestEvidence rq, Report.ResponseEvidence rs) {
        if (rq == null || rs == null) return Optional.empty();
        String path;
        try {
            path = URI.create(rq.url()).getRawPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<Operation> op = operationOf(rq.method(), path);
        if (op.isEmpty()) return Optional.empty();
        byte[] body = rs.bodyTruncated() ? bodies.body(rs).orElse(null)
                : rs.bodyExcerpt() == null ? null : rs.bodyExcerpt().getBytes(StandardCharsets.UTF_8);
        var violations = judge.judge(op.get(), new ResponseJudge.Seen(rs.status(), rs.headers() == null ? Map.of() : rs.headers(), body));
        return Optional.of(ContractRunner.operation(op.get(), origin, rq, rs, violations));
    }

    /** The documented operation a request is an instance of; of several, the one with the fewest templated segments. */
    Optional<Operation> operationOf(String method, String path) {
        return document.operations().stream()
                .filter(o -> o.method().equals(method) && o.matchesPath(path))
                .min(Comparator.comparingLong(o -> o.path().chars().filter(ch -> ch == '{').count()));
    }
}
