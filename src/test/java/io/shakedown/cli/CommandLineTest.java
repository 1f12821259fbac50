package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself (picocli): generated help, typo suggestions, completion, usage errors. No Docker. */
class CommandLineTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return new ShakedownCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.<String, String>of()::get).execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpIsGeneratedForTheCommandAndEachSubcommand() {
        assertEquals(0, run("--help"));
        for (String command : new String[] {"validate", "submit", "rules", "schema", "completion"}) assertTrue(out().contains(command), out());
        assertTrue(out().contains("Exit code: 0 PASSED, 1 FAILED, 2 ERROR"), out());
        out.reset();
        assertEquals(0, run("validate", "--help"));
        assertTrue(out().contains("Usage: shakedown validate"), out());
        assertTrue(out().contains("--baseline=FILE"), out());
        assertTrue(out().contains("default: shakedown-out"), out());
        out.reset();
        assertEquals(0, run("help", "submit"));
        assertTrue(out().contains("Usage: shakedown submit"), out());
    }

    @Test
    void aMistypedCommandOrOptionGetsASuggestion() {
        assertEquals(2, run("valdate", "x.yml"));
        assertTrue(err().contains("Did you mean"), err());
        assertTrue(err().contains("validate"), err());
        err.reset();
        assertEquals(2, run("validate", "x.yml", "--basline", "b.json"));
        assertTrue(err().contains("--baseline"), err());
    }

    @Test
    void usageErrorsExitTwoAndSayWhat() {
        assertEquals(2, run());
        assertTrue(err().contains("Usage: shakedown"), err());
        err.reset();
        assertEquals(2, run("submit", "x.yml"));
        assertTrue(err().contains("submit needs --server URL (or SHAKEDOWN_SERVER)"), err());
        err.reset();
        assertEquals(2, run("submit", "x.yml", "--server", "http://127.0.0.1:1", "--image", "a:1", "--url", "http://b"));
        assertTrue(err().contains("--image and --url: one or the other"), err());
        err.reset();
        assertEquals(2, run("submit", "x.yml", "--server", "http://127.0.0.1:1", "--wait", "soon"));
        assertTrue(err().contains("--wait"), err());
        err.reset();
        assertEquals(2, run("rules"));
        assertTrue(err().contains("rules needs 'lint DIR' or 'list'"), err());
    }

    @Test
    void completionPrintsAScriptForTheShell() {
        assertEquals(0, run("completion"));
        assertTrue(out().contains("complete -F"), out());
        assertTrue(out().contains("validate"), out());
    }
}
