package io.shakedown.rules;

import io.shakedown.report.Report;
import io.shakedown.report.Report.Location;
import io.shakedown.report.Severity;
import io.shakedown.spec.ValidationSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates rules against one run's {@link RuleInputs}: first which frameworks the app uses, then every
 * rule that applies to them (and every framework-independent rule). Conditions are three-valued — a
 * source that could not be read is unknown, and only a condition that definitely holds makes a finding.
 */
public final class RuleEngine {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    /** What the rules stage found: the frameworks and the findings (waivers applied). */
    public record Outcome(Report.FrameworkReport framework, List<Report.Finding> findings, int probesSent) {}

    private final RuleSet rules;

    public RuleEngine(RuleSet rules) {
        this.rules = rules;
    }

    /** Findings carry whether they fail the run: unwaived and at or above {@code spec.failOn()}. */
    public Outcome evaluate(RuleInputs evidence, ValidationSpec.RulesSpec spec) {
        evidence.beginRuntimeReads(rules);
        if (evidence.sendsAhead()) {
            // The probes this evaluation will certainly ask for are sent first, several at once, in rounds (each round's
            // answers, and the main process and sockets once read, decide which probes the next can add); the
            // evaluation below then takes their answers. It asks for the same probes, in the same order and within the
            // same budget, as when each is sent on demand.
            while (!Thread.currentThread().isInterrupted()) {
                var forecast = new ProbeForecast(evidence);
                Set<Condition.Http.Request> next = forecast.unanswered(rules);
                if (!next.isEmpty()) evidence.sendAhead(next);
                else if (forecast.awaitsReads()) evidence.awaitReads();
                else break;
            }
        }
        Map<String, String> waivers = spec.waivers();
        List<Report.DetectedFramework> detected = new ArrayList<>();
        for (FrameworkDef f : rules.frameworks()) {
            ConditionResult r = ConditionEvaluator.eval(f.when(), evidence);
            if (!r.holds()) continue;
            String version = r.matches().stream().map(m -> m.vars().get("version")).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
            detected.add(new Report.DetectedFramework(f.id(), f.name(), version, texts(r.matches())));
        }
        var ids = detected.stream().map(Report.DetectedFramework::id).collect(Collectors.toSet());
        List<Report.Finding> findings = new ArrayList<>();
        for (Rule rule : ordered(rules, ids)) {
            ConditionResult r = ConditionEvaluator.eval(rule.when(), evidence);
            if (!r.holds()) continue;
            String reason = waivers.get(rule.id());
            boolean frameworkSeen = rule.appliesToAll() || rule.frameworks().stream().anyMatch(ids::contains);
            String fix = frameworkSeen ? rule.fix() : rule.fix() + " (this fix is written for " + frameworkNames(rule)
                    + ", which was not recognised; the response alone shows the problem)";
            boolean failsRun = reason == null && failsRun(rule.severity(), spec.failOn());
            findings.add(new Report.Finding(rule.id(), rule.severity(), rule.title(), render(rule.message(), r.matches()),
                    texts(r.matches()), fix, rule.helpUri(), location(r.matches()), reason != null, reason, failsRun));
        }
        findings.sort(Comparator.comparing(Report.Finding::severity));
        String summary = detected.isEmpty() ? "no framework recognised"
                : detected.stream().map(d -> d.name() + (d.version() == null ? "" : " " + d.version()) + " — " + d.evidence().getFirst())
                        .collect(Collectors.joining("; "));
        Report.ProbeBudget budget = evidence.probeBudget();
        return new Outcome(new Report.FrameworkReport(summary, List.copyOf(detected), budget.sent() + budget.notSent() > 0 ? budget : null),
                List.copyOf(findings), evidence.probesSent());
    }

    /**
     * The rules evaluated for an app of the frameworks {@code detected}, in order. Detection orders the rules (so the
     * probe budget goes first to the recognised frameworks, then to rules for every app, then to self-evident rules of
     * frameworks not recognised); it gates only rules whose evidence needs the framework to mean something.
     */
    static List<Rule> ordered(RuleSet rules, Set<String> detected) {
        List<Rule> ordered = new ArrayList<>();
        rules.rules().stream().filter(r -> !r.appliesToAll() && r.frameworks().stream().anyMatch(detected::contains)).forEach(ordered::add);
        rules.rules().stream().filter(Rule::appliesToAll).forEach(ordered::add);
        rules.rules().stream().filter(r -> !r.appliesToAll() && r.selfEvident() && r.frameworks().stream().noneMatch(detected::contains)).forEach(ordered::add);
        return ordered;
    }

    private String frameworkNames(Rule rule) {
        return rule.frameworks().stream().map(id -> rules.frameworks().stream().filter(f -> id.equals(f.id())).map(FrameworkDef::name)
                .findFirst().orElse(id)).distinct().collect(Collectors.joining(" / "));
    }

    /** The first evidence that has a place; a finding made only of absences points at the runtime. */
    private static Location location(List<Match> matches) {
        return matches.stream().map(Match::location).filter(l -> l != null).findFirst().orElse(new Location("runtime", null, null, null));
    }

    private static List<String> texts(List<Match> matches) {
        return matches.stream().map(Match::text).distinct().limit(Match.MAX_EVIDENCE).toList();
    }

    /**
     * Replaces {name} with the first value any match captured under that name; names nothing captured become empty.
     * {keys} is every match's keys, so a finding over several responses names every key it saw.
     */
    static String render(String template, List<Match> matches) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.equals("keys")
                    ? matches.stream().map(x -> x.vars().get(name)).filter(v -> v != null).distinct().collect(Collectors.joining(", "))
                    : matches.stream().map(x -> x.vars().get(name)).filter(v -> v != null).findFirst().orElse("");
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether an unwaived finding of {@code severity} fails a run whose spec says rules.failOn {@code failOn}. */
    static boolean failsRun(Severity severity, ValidationSpec.RulesSpec.FailOn failOn) {
        return switch (failOn) {
            case NEVER -> false;
            case WARNING -> severity.atLeast(Severity.WARNING);
            case ERROR -> severity.atLeast(Severity.ERROR);
        };
    }

    /** The rules stage's one-line message: "Quarkus · 1 error, 2 warnings (1 waived)". */
    public static String describe(Outcome o) {
        var f = o.findings();
        long errors = f.stream().filter(x -> x.severity() == Severity.ERROR).count();
        long warnings = f.stream().filter(x -> x.severity() == Severity.WARNING).count();
        long waived = f.stream().filter(Report.Finding::waived).count();
        String frameworks = o.framework().detected().isEmpty() ? "no framework recognised"
                : o.framework().detected().stream().map(Report.DetectedFramework::name).collect(Collectors.joining(", "));
        return frameworks + " · " + (f.isEmpty() ? "no findings" : errors + " error(s), " + warnings + " warning(s)"
                + (f.size() > errors + warnings ? ", " + (f.size() - errors - warnings) + " info" : "")
                + (waived > 0 ? " (" + waived + " waived)" : "")) + (o.probesSent() > 0 ? " · " + o.probesSent() + " probe(s)" : "");
    }
}
