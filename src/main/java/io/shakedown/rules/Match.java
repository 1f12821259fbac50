package io.shakedown.rules;

import io.shakedown.report.Report.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One piece of evidence a condition found: the sentence shown in the finding, where it is, and the values a rule's
 * message can quote ({value}, {key}, named regex groups, ...).
 */
record Match(String text, Location location, Map<String, String> vars) {
    /** At most this many pieces of evidence per condition and per finding. */
    static final int MAX_EVIDENCE = 5;

    /** Regex group 1 when the pattern has one that matched, else the whole match: what {value} quotes. */
    static String value(Matcher m) {
        return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    }

    /** Adds every named group that matched to {@code vars}, so {name} quotes it. */
    static void groups(Matcher m, Map<String, String> vars) {
        for (var e : m.namedGroups().entrySet()) {
            String g = m.group(e.getValue());
            if (g != null) vars.put(e.getKey(), g);
        }
    }

    static Map<String, String> vars(Map<String, String> base, String k, String v) {
        var out = new LinkedHashMap<>(base);
        out.put(k, v);
        return out;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
