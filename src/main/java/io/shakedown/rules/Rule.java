package io.shakedown.rules;

import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Severity;
import java.util.List;

/**
 * One rule from a pack file: a known way an app works in tests and fails in production, how to see it
 * in the evidence, and the fix.
 *
 * @param frameworks framework ids the rule applies to; empty = every app (container and JVM rules)
 * @param explains   readiness diagnosis kinds this rule can explain (LOOPBACK_ONLY, EXITED...): when the
 *                   rule fires on a run whose readiness failed that way, the diagnosis cites it
 * @param needs      evidence sources the condition reads (file, imageConfig, log, http, runtime)
 * @param selfEvident its evidence is an HTTP response that speaks for itself (an environment dump, a stack trace):
 *                   it runs whatever framework was detected; detection only orders its probes and says whether its
 *                   framework-specific fix applies
 */
public record Rule(
        String id,
        String title,
        Severity severity,
        List<String> frameworks,
        Condition when,
        String message,
        String fix,
        List<String> references,
        String helpUri,
        List<DiagnosisKind> explains,
        List<String> needs,
        String pack,
        String file,
        Integer line,
        boolean selfEvident) {

    public boolean appliesToAll() {
        return frameworks.isEmpty();
    }
}
