package io.shakedown.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A rule finding as the JUnit, SARIF, Markdown and HTML renderers show it: the report's {@link Report.Finding}
 * turned by {@link ReportFindings} into a display level, one message (with the fix and any waiver) and a location. {@code ruleId} is stable across releases (code scanning keys alerts on
 * it); {@code location} says where the problem is: in the spec (a line) or in the image (a path);
 * {@code failsRun} is the rules stage's decision (rules.failOn and waivers), which every renderer follows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenderedFinding(
        String ruleId,
        Level level,
        String title,
        String message,
        String helpUri,
        List<String> evidence,
        Location location,
        boolean failsRun) {

    /** How the finding is shown (SARIF's levels); whether it fails the run is {@code failsRun}, not this. */
    public enum Level {
        /** The app will not work in production. */
        ERROR,
        /** It may not; worth a look. */
        WARNING,
        /** For information. */
        NOTE
    }

    /**
     * Where: {@code kind} "spec" (the spec file; {@code line} set when known) or "image" ({@code path} is a
     * file inside the image, e.g. /app/config/application.yml).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String kind, String path, Integer line) {
        public static Location spec(Integer line) {
            return new Location("spec", null, line);
        }

        public static Location image(String path) {
            return new Location("image", path, null);
        }
    }
}
