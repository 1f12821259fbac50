package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What submit and monitors apply print the same way: a refused file's field errors with their lines, an unreadable file. */
class ConsoleTest {
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.<String, String>of()::get);

    @Test
    void theServicesFieldErrorsPrintLikeLocalOnes() throws Exception {
        var problem = new ObjectMapper().readTree("""
                {"title": "invalid spec", "status": 400, "errors": [
                  {"path": "target.imgae", "message": "unknown field", "line": 3},
                  {"path": "", "message": "the file is empty"}
                ]}""");
        var errors = Console.fieldErrors(problem);
        assertEquals(2, console.specErrors(Path.of("ci/shakedown.yml"), "refused by the server (" + Console.problems(errors.size()) + ")", errors));
        assertEquals("""
                ci/shakedown.yml: refused by the server (2 problems)
                  shakedown.yml:3: target.imgae: unknown field
                  the file is empty
                """, err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        assertEquals("1 problem", Console.problems(1));
    }

    @Test
    void aMissingFileIsNamedWithItsKind(@TempDir Path dir) {
        assertNull(console.readFile(dir.resolve("monitors.yaml"), "monitors"));
        assertEquals("shakedown: no such monitors file: " + dir.resolve("monitors.yaml") + "\n",
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
