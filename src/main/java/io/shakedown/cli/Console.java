package io.shakedown.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.document.DocumentError;
import io.shakedown.rules.PendingRuleSet;
import io.shakedown.rules.RuleException;
import io.shakedown.rules.RuleSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every subcommand prints and reads the same way: its output streams, the environment, a spec file,
 * the values of the spec's secrets, and problems (exit code 2). Written once so the commands agree.
 */
final class Console {
    /** Bad arguments, a bad spec, no verdict: the exit code of everything that is not a verdict. */
    static final int TROUBLE = 2;

    final PrintStream out;
    final PrintStream err;
    private final Function<String, String> env;

    Console(PrintStream out, PrintStream err, Function<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** An environment variable, null when unset. */
    String env(String name) {
        return env.apply(name);
    }

    /** Prints {@code shakedown: problem} and returns {@link #TROUBLE}. */
    int fail(String problem) {
        err.println("shakedown: " + problem);
        return TROUBLE;
    }

    /** The spec file's text, or null after saying why it cannot be read. */
    String readSpec(Path file) {
        return readFile(file, "spec");
    }

    /** A file's text, or null after saying why it cannot be read ("no such {@code kind} file: …"). */
    String readFile(Path file, String kind) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            fail("no such " + kind + " file: " + file);
        } catch (IOException e) {
            fail("cannot read " + file + ": " + e.getMessage());
        }
        return null;
    }

    /** "1 problem", "3 problems": the count in the headline of {@link #specErrors}. */
    static String problems(int count) {
        return count + " problem" + (count == 1 ? "" : "s");
    }

    /** A spec's problems, one a line as {@code shakedown.yml:3: target.imgae: unknown field}; returns {@link #TROUBLE}. */
    int specErrors(Path file, String headline, List<DocumentError> errors) {
        err.println(file + ": " + headline);
        for (DocumentError e : errors) {
            err.println("  " + (e.line() == null ? "" : file.getFileName() + ":" + e.line() + ": ")
                    + (e.path() == null || e.path().isEmpty() ? "" : e.path() + ": ") + e.message());
        }
        return TROUBLE;
    }

    /** The field errors of the service's problem+json answer to a refused file (its {@code errors}: path, message, line). */
    static List<DocumentError> fieldErrors(JsonNode problem) {
        List<DocumentError> errors = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            errors.add(new DocumentError(e.path("path").asText(), e.path("message").asText(), e.hasNonNull("line") ? e.get("line").asInt() : null));
        }
        return errors;
    }

    /**
     * The values of the secrets a spec declares, read from this process's environment by name (never printed),
     * or null after naming the ones that have no value.
     */
    Map<String, String> secrets(List<String> names, Path specFile, String command) {
        var values = new LinkedHashMap<String, String>();
        var missing = new ArrayList<String>();
        for (String name : names) {
            String value = env.apply(name);
            if (value == null || value.isEmpty()) missing.add(name);
            else values.put(name, value);
        }
        if (missing.isEmpty()) return values;
        err.println(specFile + ": the spec declares secret(s) with no value in the environment: " + String.join(", ", missing));
        err.println("  set them for this command, e.g. " + missing.getFirst() + "=... shakedown " + command + " " + specFile);
        return null;
    }

    /** The built-in rule packs, or those and the packs in SHAKEDOWN_RULES_DIRS and {@code extra} (--rules). */
    RuleSet rules(List<Path> extra) throws RuleException {
        return rulesForRun(extra).get();
    }

    /**
     * The same, for a run: extra packs are loaded here, so their problems are the command's error before anything
     * starts; the built-in packs alone (they cannot be broken) are left for the engine to load beside Docker's work.
     */
    PendingRuleSet rulesForRun(List<Path> extra) throws RuleException {
        List<Path> dirs = envRuleDirs();
        dirs.addAll(extra);
        return dirs.isEmpty() ? PendingRuleSet.loading(RuleSet::builtIn) : PendingRuleSet.of(RuleSet.load(dirs));
    }

    /** Folders of extra rule packs from SHAKEDOWN_RULES_DIRS (':'-separated), before any --rules. */
    private List<Path> envRuleDirs() {
        List<Path> dirs = new ArrayList<>();
        String value = env.apply("SHAKEDOWN_RULES_DIRS");
        if (value != null) for (String d : value.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
        return dirs;
    }
}
