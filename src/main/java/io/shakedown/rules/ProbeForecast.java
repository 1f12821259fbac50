package io.shakedown.rules;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which HTTP probes {@link RuleEngine} will certainly ask for, given the answers already in, so that they can be sent
 * ahead and together instead of one by one as rules reach them. It walks the rules as the evaluation does —
 * frameworks, then the rules in their order, {@code all} stopping at its first failing part — with one more state:
 * <b>pending</b>, a probe not answered yet, or the main process, the sockets or an image folder still being read (the
 * read goes on in the background meanwhile). A pending part of an
 * {@code all} leaves the parts after it undecided (the evaluation reaches them only if it does not fail), so their
 * probes are not sent yet; {@code any} and {@code not} evaluate every part whatever the others give. While a
 * framework's detection is pending, the rules of every app, the self-evident ones and those of the frameworks
 * recognised are forecast (they run whatever it gives) — but only when the rule set cannot ask for more probes than
 * the budget: detection orders the rules, and past the budget the order decides which probes go. The probe budget is
 * kept as the evaluation counts it: a probe is sent ahead only if it is within the budget whatever the undecided parts
 * turn out to ask.
 * <p>
 * So every probe sent ahead is one the evaluation asks for; run it again with the answers until it finds none to add.
 */
final class ProbeForecast {
    private enum State { HOLDS, FAILS, UNKNOWN, PENDING }

    private final RuleInputs ev;
    /** The probes asked for so far, in the evaluation's order: what its budget counts. */
    private final Set<Condition.Http.Request> asked = new HashSet<>();
    /** Probes of undecided parts: the evaluation may ask for them before what follows. */
    private final Set<Condition.Http.Request> undecided = new HashSet<>();
    /** Probes the evaluation will ask for that have no answer yet. */
    private final Set<Condition.Http.Request> unanswered = new LinkedHashSet<>();
    /** Whether a condition waited for a read under way (main process, sockets, image folder): the next round may decide more once it is in. */
    private boolean awaitsReads;

    ProbeForecast(RuleInputs ev) {
        this.ev = ev;
    }

    /** The probes the evaluation of {@code rules} will certainly ask for, within its budget, that have no answer yet. */
    Set<Condition.Http.Request> unanswered(RuleSet rules) {
        Set<String> detected = new HashSet<>();
        boolean detectionPending = false;
        for (FrameworkDef f : rules.frameworks()) {
            State s = eval(f.when());
            if (s == State.HOLDS) detected.add(f.id());
            detectionPending |= s == State.PENDING;
        }
        // the rules' order is not known yet: it matters only if the budget can run out
        if (detectionPending && probesAtMost(rules) > RuleInputs.MAX_PROBES) return unanswered;
        // with detection pending: the rules of every app, the self-evident ones and those of the frameworks recognised
        for (Rule rule : RuleEngine.ordered(rules, detected)) {
            if (rule.when().leaves().anyMatch(ProbeForecast::isProbe)) eval(rule.when());
        }
        return unanswered;
    }

    /** Whether a condition of this round waited for the main process, the sockets or an image folder, read in the background. */
    boolean awaitsReads() {
        return awaitsReads;
    }

    /** How many different probes the rule set can ask for in this run (each condition's request, placeholders filled in). */
    private long probesAtMost(RuleSet rules) {
        return rules.leaves().filter(ProbeForecast::isProbe)
                .flatMap(leaf -> ev.probeRequest(((Condition.Http) leaf).request()).stream()).distinct().count();
    }

    private State eval(Condition c) {
        return switch (c) {
            case Condition.All all -> {
                boolean unknown = false;
                List<Condition> parts = all.conditions();
                for (int i = 0; i < parts.size(); i++) {
                    State s = eval(parts.get(i));
                    if (s == State.FAILS) yield State.FAILS;
                    if (s == State.PENDING) {
                        parts.subList(i + 1, parts.size()).forEach(this::undecided);
                        yield State.PENDING;
                    }
                    unknown |= s == State.UNKNOWN;
                }
                yield unknown ? State.UNKNOWN : State.HOLDS;
            }
            case Condition.Any any -> {
                boolean holds = false, pending = false, unknown = false;
                for (Condition part : any.conditions()) {
                    State s = eval(part);
                    holds |= s == State.HOLDS;
                    pending |= s == State.PENDING;
                    unknown |= s == State.UNKNOWN;
                }
                yield holds ? State.HOLDS : pending ? State.PENDING : unknown ? State.UNKNOWN : State.FAILS;
            }
            case Condition.Not not -> switch (eval(not.condition())) {
                case HOLDS -> State.FAILS;
                case FAILS -> State.HOLDS;
                case UNKNOWN -> State.UNKNOWN;
                case PENDING -> State.PENDING;
            };
            case Condition.Http h when h.request() != null -> probe(h);
            case Condition leaf when ev.runtimeReadInFlight(leaf) -> {
                awaitsReads = true;
                yield State.PENDING;
            }
            case Condition.File f when !ev.fileReadsAtHand(f) -> { // an image folder not read yet: its read goes on meanwhile
                awaitsReads = true;
                yield State.PENDING;
            }
            default -> switch (ConditionEvaluator.eval(c, ev).state()) {
                case HOLDS -> State.HOLDS;
                case FAILS -> State.FAILS;
                case UNKNOWN -> State.UNKNOWN;
            };
        };
    }

    /** A probe condition: judged on its answer if it has one; pending while it has none (or its budget is in doubt). */
    private State probe(Condition.Http h) {
        Optional<Condition.Http.Request> request = ev.probeRequest(h.request());
        if (request.isEmpty()) return State.UNKNOWN; // no probe can be sent for it: unknown, as in the evaluation
        var r = request.get();
        if (!asked.contains(r)) {
            Set<Condition.Http.Request> before = new HashSet<>(asked);
            before.addAll(undecided);
            before.remove(r);
            if (before.size() >= RuleInputs.MAX_PROBES) { // maybe past the budget: the evaluation decides (and counts it)
                undecided.add(r);
                return State.PENDING;
            }
            asked.add(r);
        }
        Optional<RuleInputs.Exchange> answer = ev.answered(r);
        if (answer.isEmpty()) {
            unanswered.add(r);
            return State.PENDING;
        }
        return switch (HttpEvidence.probed(h, answer).state()) {
            case HOLDS -> State.HOLDS;
            case FAILS -> State.FAILS;
            case UNKNOWN -> State.UNKNOWN;
        };
    }

    private void undecided(Condition c) {
        c.leaves().filter(ProbeForecast::isProbe).forEach(leaf -> ev.probeRequest(((Condition.Http) leaf).request())
                .filter(r -> !asked.contains(r)).ifPresent(undecided::add));
    }

    private static boolean isProbe(Condition c) {
        return c instanceof Condition.Http h && h.request() != null;
    }
}
