package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shakedown rules lint DIR} and {@code rules list}, and --rules refusing a broken folder before any container starts. */
class RulesCliTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int cli(String... args) {
        return new ShakedownCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    @Test
    void lintReportsFileFieldAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("team.yaml"), """
                pack: team
                rules:
                  - id: team-rule
                    title: t
                    severity: error
                    when: { log: { matches: '[unclosed' } }
                    message: m
                    fix: f
                    references: [https://example.com/x]
                """);
        assertEquals(1, cli("rules", "lint", dir.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("team.yaml:6: rules[0].when.log.matches: invalid regular expression"), e);
    }

    @Test
    void lintAcceptsAGoodFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("team.yaml"), """
                pack: team
                rules:
                  - id: team-rule
                    title: t
                    severity: warning
                    when: { log: 'DEBUG' }
                    message: m
                    fix: f
                    references: [https://example.com/x]
                """);
        assertEquals(0, cli("rules", "lint", dir.toString()), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, cli("rules", "list", "--rules", dir.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("team-rule"));
    }

    @Test
    void validateRefusesABrokenRulesFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "pack: bad\nrules: 3\n");
        Path spec = dir.resolve("spec.yml");
        Files.writeString(spec, "app: a\ntarget: { image: 'nothing:1', port: 80 }\n");
        assertEquals(2, cli("validate", spec.toString(), "--rules", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad.yaml:2: rules: must be a list"), err.toString(StandardCharsets.UTF_8));
    }
}
