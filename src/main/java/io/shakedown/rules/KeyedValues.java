package io.shakedown.rules;

import io.shakedown.report.Report.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conditions on name=value entries (the image's Env and Labels, the container's environment): a regex on the name
 * (full match), one on the value, or the absence of the name. Secret-looking values are masked in the evidence.
 */
final class KeyedValues {
    private KeyedValues() {}

    static ConditionResult match(String what, Map<String, String> entries, Pattern key, Pattern matches, boolean absent, Location loc) {
        List<Match> out = new ArrayList<>();
        for (var e : entries.entrySet()) {
            if (key != null && !key.matcher(e.getKey()).matches()) continue;
            Matcher m = matches == null ? null : matches.matcher(e.getValue());
            if (m != null && !m.find()) continue;
            Map<String, String> v = new LinkedHashMap<>();
            v.put("key", e.getKey());
            v.put("value", e.getValue());
            if (m != null) Match.groups(m, v);
            out.add(new Match(what + ": " + e.getKey() + "=" + mask(e.getKey(), e.getValue()), loc, v));
        }
        if (absent) {
            return out.isEmpty() ? ConditionResult.holds(List.of(new Match(what + ": no " + key + " set", loc, Map.of("key", String.valueOf(key)))))
                    : ConditionResult.FAILS;
        }
        return ConditionResult.holds(out);
    }

    /** Secret-looking values are never copied into a report. */
    static String mask(String name, String value) {
        if (!(SecretLooking.name(name) || SecretLooking.key(name)) || value.length() <= 2) return value;
        return value.substring(0, 2) + "…(" + value.length() + " characters, masked)";
    }
}
