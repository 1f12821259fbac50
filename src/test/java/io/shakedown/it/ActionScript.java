package io.shakedown.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The GitHub Action's script (.github/actions/shakedown/shakedown.sh) run as the runner runs it: a fake GITHUB_*
 * environment (step summary and output files in {@code tmp}), reports into {@code tmp/reports}, the inputs as
 * INPUT_* variables.
 */
final class ActionScript {
    private ActionScript() {}

    /** What a step shows: its exit code, its log, the job summary it appended and the outputs it set. */
    record Ran(int exit, String output, String summary, Map<String, String> outputs) {}

    static Ran run(Path tmp, Map<String, String> inputs) throws Exception {
        Path summary = tmp.resolve("step-summary.md");
        Path outputs = tmp.resolve("github-output");
        Files.writeString(summary, "");
        Files.writeString(outputs, "");
        var pb = new ProcessBuilder("bash", ".github/actions/shakedown/shakedown.sh").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("GITHUB_OUTPUT", outputs.toString());
        env.put("GITHUB_ACTIONS", "true");
        env.put("INPUT_OUT", tmp.resolve("reports").toString());
        env.put("INPUT_WAIT", "120");
        env.putAll(inputs);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        var outs = new HashMap<String, String>();
        for (String line : Files.readAllLines(outputs)) {
            int eq = line.indexOf('=');
            if (eq > 0) outs.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new Ran(p.exitValue(), output, Files.readString(summary), outs);
    }
}
