package io.shakedown.rules;

import io.shakedown.report.Report.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules' three-valued logic: {@code all}, {@code any} and {@code not} over the evidence conditions, each of
 * which reads one source of {@link RuleInputs} ({@link ImageEvidence}, {@link HttpEvidence}, {@link RuntimeEvidence}).
 * A source that could not be read makes a condition unknown; {@code not} of unknown is unknown.
 */
final class ConditionEvaluator {
    private ConditionEvaluator() {}

    static ConditionResult eval(Condition c, RuleInputs ev) {
        return switch (c) {
            case Condition.All all -> {
                List<Match> m = new ArrayList<>();
                boolean unknown = false;
                for (Condition x : all.conditions()) {
                    ConditionResult r = eval(x, ev);
                    if (r.state() == ConditionResult.State.FAILS) yield ConditionResult.FAILS;
                    if (r.state() == ConditionResult.State.UNKNOWN) unknown = true;
                    m.addAll(r.matches());
                }
                yield unknown ? ConditionResult.UNKNOWN : ConditionResult.holds(m);
            }
            case Condition.Any any -> {
                List<Match> m = new ArrayList<>();
                boolean unknown = false;
                for (Condition x : any.conditions()) {
                    ConditionResult r = eval(x, ev);
                    if (r.holds()) m.addAll(r.matches());
                    if (r.state() == ConditionResult.State.UNKNOWN) unknown = true;
                }
                yield !m.isEmpty() ? ConditionResult.holds(m) : unknown ? ConditionResult.UNKNOWN : ConditionResult.FAILS;
            }
            case Condition.Not not -> {
                ConditionResult r = eval(not.condition(), ev);
                yield switch (r.state()) {
                    case HOLDS -> ConditionResult.FAILS;
                    case UNKNOWN -> ConditionResult.UNKNOWN;
                    case FAILS -> ConditionResult.holds(List.of(new Match("not found: " + describe(not.condition()),
                            not.condition() instanceof Condition.File f ? new Location("file", f.paths().getFirst(), null, null) : null,
                            Map.of("value", describe(not.condition())))));
                };
            }
            case Condition.File f -> ImageEvidence.file(f, ev);
            case Condition.ImageConfig i -> ImageEvidence.imageConfig(i, ev);
            case Condition.Http h -> HttpEvidence.http(h, ev);
            case Condition.Log l -> RuntimeEvidence.log(l, ev);
            case Condition.Listening l -> RuntimeEvidence.listening(l, ev);
            case Condition.Process p -> RuntimeEvidence.process(p, ev);
            case Condition.Env e -> RuntimeEvidence.env(e, ev);
            case Condition.JvmHeap j -> RuntimeEvidence.jvmHeap(j, ev);
            case Condition.OomKilled o -> RuntimeEvidence.oomKilled(ev);
        };
    }

    /** What a condition looks for, in words: the evidence of a {@code not} that holds ("not found: /etc/ssl/certs/..."). */
    static String describe(Condition c) {
        return switch (c) {
            case Condition.File f -> String.join(" or ", f.paths()) + (f.inJar() == null ? "" : " containing " + f.inJar())
                    + (f.properties().isEmpty() ? "" : " with " + String.join("/", f.properties()))
                    + (f.matches() == null ? "" : " matching /" + f.matches() + "/");
            case Condition.ImageConfig i -> "image config " + i.field() + (i.key() == null ? "" : " " + i.key());
            case Condition.Log l -> "a log line matching /" + l.matches() + "/";
            case Condition.Env e -> "env " + e.key();
            case Condition.Http h -> (h.request() == null ? "a checked response" : h.request().describe())
                    + (h.jsonValues() == null ? "" : " with " + h.jsonValues().describe());
            case Condition.Listening l -> "a socket listening on " + (l.address().equals("any") ? "any address" : "a " + l.address() + " address")
                    + (l.port().equals("declared") ? " on the declared port" : l.port().equals("other") ? " on another port" : l.port().equals("any") ? "" : " on port " + l.port());
            default -> c.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        };
    }
}
