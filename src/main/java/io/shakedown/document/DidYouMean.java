package io.shakedown.document;

import java.util.List;
import java.util.Locale;

/**
 * The "did you mean" of every error that names a field, a strategy or a rule condition: the closest
 * candidate within two edits (case-insensitive), so a typo points at its fix.
 */
public final class DidYouMean {
    private DidYouMean() {}

    /** {@code "; did you mean \"x\"?"} for the closest candidate within two edits, or {@code otherwise}. */
    public static String suggestion(String given, List<String> candidates, String otherwise) {
        String best = closest(given, candidates);
        return best != null ? "; did you mean \"" + best + "\"?" : otherwise;
    }

    /** The closest candidate within two edits (case-insensitive), or null. */
    public static String closest(String given, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = levenshtein(given.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= 2 ? best : null;
    }

    /** Edit distance; long strings are never "close" (and would cost a quadratic table). */
    static int levenshtein(String a, String b) {
        if (a.length() > 64 || b.length() > 64) return Integer.MAX_VALUE;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
