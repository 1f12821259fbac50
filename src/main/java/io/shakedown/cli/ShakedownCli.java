package io.shakedown.cli;

import io.shakedown.document.DidYouMean;
import io.shakedown.monitor.MonitorReader;
import io.shakedown.rules.RuleSet;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.SpecSchema;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one-shot front door: {@code shakedown validate shakedown.yml}, {@code submit}, {@code rules}. Plain picocli
 * on purpose: it does not boot Quarkus (a JVM start is the whole cost of a one-shot run). Exit codes: 0 PASSED,
 * 1 FAILED, 2 ERROR or a bad spec, bad arguments, no verdict in time. A new subcommand is one entry in
 * {@code subcommands} below.
 */
@Command(name = "shakedown", mixinStandardHelpOptions = true, versionProvider = ShakedownCli.Version.class,
        description = "Proves a built image (or a running URL) works the way production will run it.",
        subcommands = {
                ValidateCommand.class,
                SubmitCommand.class,
                RulesCommand.class,
                CommandLine.HelpCommand.class,
        },
        scope = ScopeType.INHERIT, // help/version options and the footer reach every subcommand
        usageHelpWidth = 110,
        footerHeading = "%n",
        footer = {"Exit code: 0 PASSED, 1 FAILED, 2 ERROR (or a bad spec / bad arguments / no verdict in time).",
                "Environment: DOCKER_HOST, SHAKEDOWN_INSTALLATION_ID (default: cli), SHAKEDOWN_HELPER_IMAGE,",
                "  SHAKEDOWN_SERVER, SHAKEDOWN_TOKEN, SHAKEDOWN_RULES_DIRS, SHAKEDOWN_PERF_RUNNER (folder with",
                "  perf-runner.jar), SHAKEDOWN_PERF_HEAP (default 512m), SHAKEDOWN_PERF_CPUS (CPUs the load runner",
                "  may use, e.g. 2,3), and the value of every secret the spec declares (secrets: [NAME] reads $NAME).",
                "Shell completion: source <(shakedown completion)"})
public final class ShakedownCli implements Callable<Integer> {
    final Console console;

    @Spec
    CommandSpec spec;

    ShakedownCli(PrintStream out, PrintStream err) {
        this(out, err, System::getenv);
    }

    ShakedownCli(PrintStream out, PrintStream err, Function<String, String> env) {
        this.console = new Console(out, err, env);
    }

    public static void main(String[] args) {
        quietLogging();
        if (args.length > 0 && (args[0].equals("validate") || args[0].equals("submit"))) {
            SpecParser.prepareInBackground(); // while picocli reads the arguments and the file is read
        }
        System.exit(new ShakedownCli(System.out, System.err).execute(args));
    }

    /**
     * Without Quarkus' boot nothing configures JBoss LogManager: its root level stays ALL, and a delayed handler keeps
     * every record for a configuration that never comes. So every library built its debug lines for nothing — Apache
     * HttpClient hex-dumped each byte Docker sent (1.2 of the 1.5 CPU-s a 56 MB jar read cost). Warnings and errors
     * only, set on the main thread before anything logs (the first touch of the log managers from two threads at once
     * can deadlock their initialisation).
     */
    static void quietLogging() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs one command line; returns its exit code. */
    int execute(String... args) {
        var cli = new CommandLine(this);
        cli.addSubcommand("monitors", new MonitorsCommand(console)); // prints and reads through this command's Console
        var completion = new AutoComplete.GenerateCompletion();
        cli.addSubcommand("completion", completion);
        cli.getSubcommands().get("completion").getCommandSpec().usageMessage()
                .description("Prints a bash/zsh completion script: source <(shakedown completion)");
        cli.setOut(new PrintWriter(console.out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(console.err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler(ShakedownCli::badArguments);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> console.fail(e.getMessage() == null ? e.toString() : e.getMessage()));
        return cli.execute(args);
    }

    /** Without a command: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(console.err);
        return Console.TROUBLE;
    }

    @Command(name = "schema", description = "Prints a JSON Schema for editors: the spec's (default), a rule pack's or a monitors file's.")
    int schema(@Parameters(arity = "0..1", defaultValue = "spec", paramLabel = "FORMAT", completionCandidates = SchemaFormats.class,
            description = "spec (docs/spec.schema.json), rule-pack (docs/rule-pack.schema.json) or monitors (docs/monitors.schema.json)") String format) {
        String json = switch (format) {
            case "spec" -> SpecSchema.json();
            case "rule-pack" -> RuleSet.schemaJson();
            case "monitors" -> MonitorReader.schemaJson();
            default -> throw new ParameterException(spec.commandLine().getSubcommands().get("schema"), "unknown format \"" + format + "\""
                    + DidYouMean.suggestion(format, SchemaFormats.NAMES, "; use spec, rule-pack or monitors"));
        };
        console.out.println(json);
        return 0;
    }

    /** The formats {@code shakedown schema} knows, for completion and for "did you mean". */
    static final class SchemaFormats implements Iterable<String> {
        static final List<String> NAMES = List.of("spec", "rule-pack", "monitors");

        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    /** {@code shakedown: <what is wrong>}, a "did you mean" for a mistyped command or option, then the usage. */
    private static int badArguments(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("shakedown: " + e.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(e, err)) cli.usage(err);
        err.flush();
        return Console.TROUBLE;
    }

    /** The version the jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ShakedownCli.class.getPackage().getImplementationVersion();
            return new String[] {"shakedown " + (v == null ? "(development build)" : v)};
        }
    }
}
