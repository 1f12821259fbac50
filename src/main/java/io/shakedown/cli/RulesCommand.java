package io.shakedown.cli;

import io.shakedown.rules.RuleError;
import io.shakedown.rules.RuleException;
import io.shakedown.rules.RuleSet;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code shakedown rules lint DIR} and {@code shakedown rules list}: the gotcha rule packs (docs/rules.md). */
@Command(name = "rules", description = "Checks or lists gotcha rule packs.")
final class RulesCommand implements Callable<Integer> {
    @ParentCommand
    ShakedownCli root;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        throw new ParameterException(command.commandLine(), "rules needs 'lint DIR' or 'list'");
    }

    @Command(name = "lint", description = "Checks a folder of rule packs (file, field, line); exit 1 on problems.")
    int lint(@Parameters(paramLabel = "DIR", description = "a folder of *.yaml rule packs") Path dir) {
        Console console = root.console;
        List<RuleError> errors = RuleSet.lint(dir);
        if (errors.isEmpty()) {
            console.out.println(dir + ": rule files OK");
            return 0;
        }
        console.err.println(dir + ": " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s"));
        errors.forEach(e -> console.err.println("  " + e));
        return 1;
    }

    @Command(name = "list", description = "Lists the loaded rules: built-in, SHAKEDOWN_RULES_DIRS and --rules.")
    int list(@Option(names = "--rules", paramLabel = "DIR", description = "extra rule packs (repeatable)") List<Path> extra) {
        Console console = root.console;
        try {
            RuleSet set = console.rules(extra == null ? List.of() : extra);
            set.rules().forEach(r -> console.out.printf("%-8s %-36s %-14s %s%n", r.severity().id(), r.id(), r.pack(), r.title()));
            console.out.println(set.rules().size() + " rules in " + set.packs().size() + " packs");
            return 0;
        } catch (RuleException e) {
            return console.fail(e.getMessage());
        }
    }
}
