package io.shakedown.ui;

import io.shakedown.store.RunQueries;
import io.shakedown.report.Report;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks and flow steps of a run by name ("check list items", "flow checkout · pay"), the unit the app page's
 * stability marks and the compare page's "newly failing" are about. store.RunQueries.history builds the same names in SQL.
 */
final class Outcomes {
    private Outcomes() {}

    static Map<String, String> of(Report r) {
        var out = new LinkedHashMap<String, String>();
        if (r == null) return out;
        if (r.checks() != null) r.checks().forEach(c -> out.put("check " + c.name(), String.valueOf(c.status())));
        if (r.flows() != null) {
            for (var f : r.flows()) {
                if (f.steps() == null) continue;
                for (var st : f.steps()) out.put("flow " + f.name() + " · " + (st.name() == null ? "step " + st.index() : st.name()), String.valueOf(st.status()));
            }
        }
        return out;
    }

    static boolean failed(String status) {
        return "FAILED".equals(status) || "ERROR".equals(status);
    }

    static boolean counts(String status) {
        return status != null && !"SKIPPED".equals(status) && !"CANCELLED".equals(status);
    }
}
