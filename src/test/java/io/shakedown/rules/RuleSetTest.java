package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.DiagnosisKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and linting rule packs: the built-in packs load; broken files are refused with file, field and line. */
class RuleSetTest {

    @Test
    void builtInPacksLoadWithFortyPlusRulesCoveringEveryPackAndSource() {
        RuleSet rules = RuleSet.builtIn();
        assertTrue(rules.rules().size() >= 40, "rules: " + rules.rules().size());
        Set<String> packs = rules.packs().stream().map(RulePack::name).collect(Collectors.toSet());
        assertEquals(Set.of("quarkus", "spring-boot", "micronaut", "flask", "django", "fastapi", "node-express", "nextjs-spa",
                "rails", "go", "jvm", "container"), packs);
        Set<String> sources = rules.rules().stream().flatMap(r -> r.needs().stream()).collect(Collectors.toSet());
        assertTrue(sources.containsAll(Set.of("file", "imageConfig", "log", "http-probe", "http-passive", "runtime")), sources.toString());
        rules.rules().forEach(r -> assertNotNull(r.helpUri(), r.id()));
    }

    @Test
    void indexListsEveryPackFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("validator-rules"))) {
            Set<String> onDisk = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml")).collect(Collectors.toSet());
            Set<String> indexed = Files.readAllLines(Path.of("validator-rules/index.txt")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toSet());
            assertEquals(onDisk, indexed);
        }
    }

    record Broken(String yaml, String path, int line, String fragment) {}

    @Test
    void brokenRuleFilesNameFileFieldAndLine(@TempDir Path dir) throws IOException {
        List<Broken> cases = List.of(
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: fatal\n    when: { log: x }\n    message: m\n    fix: f\n    references: [https://example.com]\n",
                        "rules[0].severity", 5, "must be one of error, warning, info"),
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when: { log: '(unclosed' }\n    message: m\n    fix: f\n    references: [https://example.com]\n",
                        "rules[0].when.log", 6, "invalid regular expression"),
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when:\n      fiel: { path: /app/x }\n    message: m\n    fix: f\n    references: [https://example.com]\n",
                        "rules[0].when.fiel", 7, "did you mean \"file\""),
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when: { file: { path: '/**/x.jar' } }\n    message: m\n    fix: f\n    references: [https://example.com]\n",
                        "rules[0].when.file.path", 6, "literal folder"),
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    frameworks: [cobol]\n    when: { log: x }\n    message: m\n    fix: f\n    references: [https://example.com]\n",
                        "rules.my-rule.frameworks", 3, "unknown framework cobol"),
                new Broken("pack: mine\nrules:\n  - id: image-runs-as-root\n    title: t\n    severity: error\n    when: { log: x }\n    message: m\n    fix: f\n    references: [https://example.com]\n",
                        "rules", 3, "already used in validator-rules/container.yaml"),
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when: { imageConfig: { field: Usr, matches: x } }\n    message: m\n    fix: f\n    references: [https://example.com]\n",
                        "rules[0].when.imageConfig.field", 6, "did you mean \"User\""),
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when: { log: x }\n    message: m\n    fix: f\n    references: [https://example.com]\n    explains: [LOOPBAK_ONLY]\n",
                        "rules[0].explains[0]", 10, "must be one of EXITED, OOM_KILLED, DISK_LIMIT_EXCEEDED, PROCESS_LIMIT_REACHED, CONTAINER_REMOVED, LOOPBACK_ONLY, WRONG_PORT, NOT_LISTENING, "
                        + "STILL_STARTING, NO_ANSWER, NO_HTTP_ANSWER, HEALTH_ENDPOINT_FAILING, HEALTHCHECK_NOT_HEALTHY, LOG_LINE_NOT_SEEN, "
                        + "UNREACHABLE, NOT_READY, IMAGE_PULL_FAILED, UNSCHEDULABLE, POD_CONFIG_REJECTED, POD_REMOVED, "
                        + "DEPENDENCY_ON_LOCALHOST, DEPENDENCY_UNKNOWN_HOST, DEPENDENCY_REFUSED, DEPENDENCY_AUTH_FAILED, DEPENDENCY_DATABASE_MISSING, "
                        + "DEPENDENCY_NOT_READY_RACE, MIGRATION_FAILED, SCHEMA_NOT_MIGRATED, got \"LOOPBAK_ONLY\"; did you mean \"LOOPBACK_ONLY\"?"),
                new Broken("pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when: { log: x }\n    fix: f\n    references: [not a url]\n",
                        "rules[0].message", 3, "required: every rule has id, title, severity, when, message and fix"),
                // structure, from the rule-pack schema: unknown fields and enum values with did-you-mean, required fields, patterns, ranges
                new Broken(rule("{ log: x }").replace("severity:", "severty:"), "rules[0].severty", 5, "unknown field; did you mean \"severity\"?"),
                new Broken(rule("{ http: { request: { method: FETCH, path: / }, status: 200 } }"), "rules[0].when.http.request.method", 6,
                        "must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got \"FETCH\""),
                new Broken(rule("{ log: x }").replace("    title: t\n", ""), "rules[0].title", 3, "required: every rule has id"),
                new Broken(rule("{ log: x, env: { key: X } }"), "rules[0].when", 6, "must name exactly one condition; combine several with all: [...] or any: [...]"),
                new Broken(rule("{ listening: { port: 70000 } }"), "rules[0].when.listening.port", 6, "must be declared, other, any or a port number 1-65535, got 70000"),
                new Broken(rule("{ log: x }").replace("my-rule", "My_Rule"), "rules[0].id", 3, "must be 2-63 lower-case letters, digits or '-', got \"My_Rule\""),
                new Broken(rule("{ http: { request: { path: x }, status: 200 } }"), "rules[0].when.http.request.path", 6, "must start with /"),
                new Broken(rule("{ oomKilled: false }"), "rules[0].when.oomKilled", 6, "must be true, got false"),
                // what the schema cannot say: fields that exclude or need each other, help links, selfEvident
                new Broken(rule("{ env: { key: X, absent: true, matches: y } }"), "rules[0].when.env", 6, "absent and matches exclude each other"),
                new Broken(rule("{ imageConfig: { field: User, key: X, matches: y } }"), "rules[0].when.imageConfig.key", 6, "only Env and Labels have keys"),
                new Broken(rule("{ imageConfig: { field: User } }"), "rules[0].when.imageConfig", 6, "needs matches (a regex), key, or absent: true"),
                new Broken(rule("{ http: { request: { path: /x } } }"), "rules[0].when.http", 6, "needs at least one of status, headers"),
                new Broken(rule("{ listening: { address: '[0-9' } }"), "rules[0].when.listening.address", 6, "invalid regular expression"),
                new Broken(rule("{ log: x }").replace("[https://example.com]", "[a book, chapter 3]"), "rules[0].references", 9,
                        "needs at least one http(s) URL in references"),
                new Broken(rule("{ log: x }") + "    selfEvident: true\n", "rules[0].selfEvident", 10, "only for a rule whose evidence is HTTP responses alone"));
        List<String> misses = new ArrayList<>();
        for (Broken c : cases) {
            Path f = dir.resolve("mine.yaml");
            Files.writeString(f, c.yaml());
            List<RuleError> errors = RuleSet.lint(dir);
            if (errors.stream().noneMatch(e -> e.path().equals(c.path()) && e.line() != null && e.line() == c.line()
                    && e.message().contains(c.fragment()) && e.file().endsWith("mine.yaml"))) {
                misses.add("expected " + c.path() + " line " + c.line() + " '" + c.fragment() + "', got " + errors);
            }
            var thrown = assertThrows(RuleException.class, () -> RuleSet.load(List.of(dir)));
            assertTrue(thrown.getMessage().contains("mine.yaml:" + c.line()), thrown.getMessage());
        }
        assertEquals(List.of(), misses);
        // a missing top-level field has no line of its own: the file and the field say where
        Files.writeString(dir.resolve("mine.yaml"), rule("{ log: x }").replace("pack: mine\n", ""));
        assertEquals(List.of(new RuleError(dir.resolve("mine.yaml").toString(), "pack", "required: a pack file has pack (its name) and rules (a list)", null)),
                RuleSet.lint(dir));
    }

    @Test
    void aStructuralProblemInOneRuleDoesNotHideTheOtherRulesProblems(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mine.yaml"), rule("{ log: x }").replace("severity: error", "severity: fatal")
                + rule("{ log: '(unclosed' }").replace("pack: mine\nrules:\n", "").replace("my-rule", "my-other-rule"));
        assertEquals(List.of("rules[0].severity:5", "rules[1].when.log:13"),
                RuleSet.lint(dir).stream().map(e -> e.path() + ":" + e.line()).toList());
    }

    @Test
    void everySpellingTheFormatAllowsLoads(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("team.yaml"), """
                pack: team
                frameworks:
                  - { id: team-fw, name: Team framework, detect: [ { log: { matches: 'team v(?<version>[0-9.]+)' } } ] }
                rules:
                  - id: team-single-values
                    title: t
                    severity: info
                    frameworks: any
                    when:
                      - file: { path: /app/x.properties, property: a.b, matches: 'y' }
                      - not: { env: { key: X, absent: true } }
                      - listening: { address: '10\\..*', port: 8081.0 }
                      - jvmHeap: { ratio: 0.5 }
                    message: m
                    fix: f
                    references: https://example.com/x
                    explains: LOOPBACK_ONLY
                  - id: team-http
                    title: t
                    severity: warning
                    when:
                      any:
                        - http: { request: { method: POST, path: "{jsonEndpoint}", headers: { X-Count: 3 }, body: '{}' }, status: '5..' }
                        - http: { headersAbsent: X-Frame-Options, status: 200.0 }
                        - process: { user: '^root$' }
                    message: m
                    fix: f
                    helpUri: https://example.com/help
                """);
        assertEquals(List.of(), RuleSet.lint(dir));
        RuleSet rules = RuleSet.load(List.of(dir));
        Rule single = rules.rule("team-single-values");
        assertEquals(List.of(), single.frameworks());
        assertEquals(List.of(DiagnosisKind.LOOPBACK_ONLY), single.explains());
        assertEquals("https://example.com/x", single.helpUri());
        assertEquals(List.of("team-fw"), rules.rule("team-http").frameworks());
        assertEquals("8081", ((Condition.Listening) ((Condition.All) single.when()).conditions().get(2)).port());
        assertEquals(new Condition.Http.Request("POST", "{jsonEndpoint}", Map.of("X-Count", "3"), "{}"),
                ((Condition.Http) ((Condition.Any) rules.rule("team-http").when()).conditions().getFirst()).request());
    }

    @Test
    void theDocumentedTypoExampleReadsAsDocumented(@TempDir Path dir) throws IOException {
        Path team = Files.createDirectory(dir.resolve("team-rules"));
        Files.writeString(team.resolve("logging.yaml"), """
                pack: team-logging
                rules:
                  - id: team-root-debug-logging
                    title: Root logging is DEBUG in production
                    severity: warning
                    when:
                      any:
                        - file:
                            injar: "BOOT-INF/classes/application.properties"
                            path: ["/app/**.jar"]
                    message: "root logging is {value}"
                    fix: logging.level.root=INFO in the prod profile
                    references: [https://docs.spring.io/spring-boot/reference/features/logging.html]
                """);
        assertEquals(List.of(team.resolve("logging.yaml") + ":9: rules[0].when.any[0].file.injar: unknown field; did you mean \"inJar\"?"),
                RuleSet.lint(team).stream().map(RuleError::toString).toList());
    }

    /** A pack with one rule whose when is {@code when}; line 6 holds it. */
    static String rule(String when) {
        return "pack: mine\nrules:\n  - id: my-rule\n    title: t\n    severity: error\n    when: " + when
                + "\n    message: m\n    fix: f\n    references: [https://example.com]\n";
    }

    @Test
    void aValidUserPackLoadsNextToTheBuiltIns(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("team.yaml"), """
                pack: team
                rules:
                  - id: team-no-debug-log
                    title: Debug logging in production
                    severity: warning
                    frameworks: [quarkus, spring-boot]
                    when: { log: 'DEBUG \\[' }
                    message: "debug logging is on: {logLine}"
                    fix: set the root log level to INFO
                    references: [https://example.com/wiki/logging]
                """);
        assertEquals(List.of(), RuleSet.lint(dir));
        RuleSet rules = RuleSet.load(List.of(dir));
        assertEquals(RuleSet.builtIn().rules().size() + 1, rules.rules().size());
        assertEquals(List.of("quarkus", "spring-boot"), rules.rule("team-no-debug-log").frameworks());
    }
}
