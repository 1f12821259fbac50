package io.shakedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shakedown rules lint DIR} and {@code rules list}, and --rules refusing a broken folder before any container starts. */
class RulesCliTest {
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
        var r = CliRun.of("rules", "lint", dir.toString());
        assertEquals(1, r.exit());
        String e = r.err();
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
        var lint = CliRun.of("rules", "lint", dir.toString());
        assertEquals(0, lint.exit(), lint.err());
        var list = CliRun.of("rules", "list", "--rules", dir.toString());
        assertEquals(0, list.exit());
        assertTrue(list.out().contains("team-rule"), list.out());
    }

    @Test
    void validateRefusesABrokenRulesFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "pack: bad\nrules: 3\n");
        Path spec = dir.resolve("spec.yml");
        Files.writeString(spec, "app: a\ntarget: { image: 'nothing:1', port: 80 }\n");
        var r = CliRun.of("validate", spec.toString(), "--rules", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.yaml:2: rules: must be a list"), r.err());
    }
}
