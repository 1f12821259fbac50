package io.shakedown.ui;

import java.util.Locale;
import java.util.UUID;

/**
 * What the shared report sections need on the run page and not in the file: where the run's Gatling report is
 * served and the container log narrowed to the lines matching a search (case-insensitive, plain text).
 */
public final class LogSearch {
    private LogSearch() {}

    public record Links(String run, String gatling, String q, int matches, String logText) {}

    static Links links(UUID id, String log, String q) {
        String run = "/runs/" + id;
        String query = q == null || q.isBlank() ? null : q.strip();
        if (log == null || query == null) return new Links(run, run + "/performance/", query == null ? "" : query, 0, log);
        String needle = query.toLowerCase(Locale.ROOT);
        var sb = new StringBuilder();
        int matches = 0;
        for (String line : log.split("\n")) {
            if (line.toLowerCase(Locale.ROOT).contains(needle)) {
                sb.append(line).append('\n');
                matches++;
            }
        }
        return new Links(run, run + "/performance/", query, matches, sb.toString());
    }
}
