package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself (picocli): generated help, typo suggestions, completion, usage errors. No Docker. */
class CommandLineTest {

    /** With an empty environment: nothing of this machine's SHAKEDOWN_* variables leaks in. */
    static CliRun run(String... args) {
        return CliRun.of(Map.<String, String>of()::get, args);
    }

    @Test
    void helpIsGeneratedForTheCommandAndEachSubcommand() {
        var help = run("--help");
        assertEquals(0, help.exit());
        for (String command : new String[] {"validate", "submit", "rules", "schema", "completion"}) assertTrue(help.out().contains(command), help.out());
        assertTrue(help.out().contains("Exit code: 0 PASSED, 1 FAILED, 2 ERROR"), help.out());
        var validate = run("validate", "--help");
        assertEquals(0, validate.exit());
        assertTrue(validate.out().contains("Usage: shakedown validate"), validate.out());
        assertTrue(validate.out().contains("--baseline=FILE"), validate.out());
        assertTrue(validate.out().contains("default: shakedown-out"), validate.out());
        var submit = run("help", "submit");
        assertEquals(0, submit.exit());
        assertTrue(submit.out().contains("Usage: shakedown submit"), submit.out());
    }

    @Test
    void aMistypedCommandOrOptionGetsASuggestion() {
        var command = run("valdate", "x.yml");
        assertEquals(2, command.exit());
        assertTrue(command.err().contains("Did you mean"), command.err());
        assertTrue(command.err().contains("validate"), command.err());
        var option = run("validate", "x.yml", "--basline", "b.json");
        assertEquals(2, option.exit());
        assertTrue(option.err().contains("--baseline"), option.err());
    }

    @Test
    void usageErrorsExitTwoAndSayWhat() {
        usageError("Usage: shakedown");
        usageError("submit needs --server URL (or SHAKEDOWN_SERVER)", "submit", "x.yml");
        usageError("--image and --url: one or the other", "submit", "x.yml", "--server", "http://127.0.0.1:1", "--image", "a:1", "--url", "http://b");
        usageError("--wait", "submit", "x.yml", "--server", "http://127.0.0.1:1", "--wait", "soon");
        usageError("rules needs 'lint DIR' or 'list'", "rules");
        usageError("monitors apply needs --server URL (or SHAKEDOWN_SERVER)", "monitors", "apply", "examples/monitors/monitors.yaml");
    }

    /** submit and monitors apply share --server/--token (ServerOptions): both fall back to SHAKEDOWN_SERVER alike. */
    @Test
    void theServerComesFromTheEnvironmentForEveryCommandThatTakesOne() {
        Map<String, String> env = Map.of("SHAKEDOWN_SERVER", "http://127.0.0.1:1/", "ALERT_WEBHOOK_SECRET", "s");
        var apply = CliRun.of(env::get, "monitors", "apply", "examples/monitors/monitors.yaml");
        assertEquals(2, apply.exit(), apply.err());
        assertTrue(apply.err().contains("cannot reach http://127.0.0.1:1"), apply.err());
        var submit = CliRun.of(env::get, "submit", "examples/hello-api/shakedown.yml", "--wait", "1");
        assertEquals(2, submit.exit(), submit.err());
        assertTrue(submit.err().contains("http://127.0.0.1:1 did not answer"), submit.err());
    }

    static void usageError(String expected, String... args) {
        var r = run(args);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void completionPrintsAScriptForTheShell() {
        var r = run("completion");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("complete -F"), r.out());
        assertTrue(r.out().contains("validate"), r.out());
    }
}
