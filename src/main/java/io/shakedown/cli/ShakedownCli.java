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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * {@link #subcommands}.
 */
@Command(name = "shakedown", mixinStandardHelpOptions = true, versionProvider = ShakedownCli.Version.class,
        description = "Proves a built image (or a running URL) works the way production will run it.",
        scope = ScopeType.INHERIT, // help/version options and the footer reach every subcommand
        addMethodSubcommands = false, // `schema` is added with the others, in execute
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
        if (args.length > 0 && (args[0].equals("validate") || args[0].equals("submit"))) {
            // what the run needs and picocli does not — the logging set-up, the spec's schema — on another thread while
            // picocli builds its model here; the command waits only for the logging set-up. Not the built-in rule packs:
            // the engine loads them while Docker creates and starts the container (on two cores, work started beside the
            // spec's parse only slows it down: warming the Docker client and the reports here cost ~35 ms a run)
            var set = new CountDownLatch(1);
            loggingSet = set;
            Thread.ofPlatform().daemon().name("start-up").start(() -> {
                try {
                    quietLogging();
                } finally {
                    set.countDown();
                }
                SpecParser.prepareInBackground();
            });
        } else {
            quietLogging();
        }
        System.exit(new ShakedownCli(System.out, System.err).execute(args));
    }

    /** Open once the logging is set; closed only while main's start-up thread sets it (nothing may log before: see quietLogging). */
    private static volatile CountDownLatch loggingSet = new CountDownLatch(0);

    private static void awaitLoggingSet() {
        try {
            loggingSet.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Without Quarkus' boot nothing configures JBoss LogManager: its root level stays ALL, and a delayed handler keeps
     * every record for a configuration that never comes. So every library built its debug lines for nothing — Apache
     * HttpClient hex-dumped each byte Docker sent (1.2 of the 1.5 CPU-s a 56 MB jar read cost). Warnings and errors
     * only, set before anything logs, on one thread while no other can log (the first touch of the log managers from
     * two threads at once can deadlock their initialisation).
     */
    static void quietLogging() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs one command line; returns its exit code. */
    int execute(String... args) {
        var cli = new CommandLine(this);
        var subcommands = subcommands();
        // picocli reads a command's annotations by reflection when it is added (~100 ms for all of them in a fresh
        // JVM): a command line that starts with a subcommand's name gets only that one; anything else (no command, an
        // option, a typo to suggest a name for) and the two commands about the others, help and completion, get them all
        var named = args.length > 0 ? subcommands.get(args[0]) : null;
        if (named != null && !args[0].equals("help") && !args[0].equals("completion")) {
            cli.addSubcommand(args[0], named.get());
        } else {
            subcommands.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        if (cli.getSubcommands().containsKey("completion")) {
            cli.getSubcommands().get("completion").getCommandSpec().usageMessage()
                    .description("Prints a bash/zsh completion script: source <(shakedown completion)");
        }
        cli.setOut(new PrintWriter(console.out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(console.err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler(ShakedownCli::badArguments);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> console.fail(e.getMessage() == null ? e.toString() : e.getMessage()));
        awaitLoggingSet();
        return cli.execute(args);
    }

    /** The subcommands in the order the usage lists them. */
    private Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("validate", ValidateCommand::new);
        all.put("submit", SubmitCommand::new);
        all.put("rules", RulesCommand::new);
        all.put("help", CommandLine.HelpCommand::new);
        all.put("schema", () -> new CommandLine(CommandLine.getCommandMethods(ShakedownCli.class, "schema").getFirst()));
        all.put("monitors", () -> new MonitorsCommand(console)); // prints and reads through this command's Console
        all.put("completion", AutoComplete.GenerateCompletion::new);
        return all;
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
