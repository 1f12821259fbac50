package io.shakedown.cli;

import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.perf.FileBaselineStore;
import io.shakedown.perf.PerfSettings;
import io.shakedown.perf.PerformanceStage;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecException;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.rules.RuleError;
import io.shakedown.rules.RuleException;
import io.shakedown.rules.RuleSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one-shot front door: {@code shakedown validate shakedown.yml}. Needs Docker (for an image
 * target) but no database. Thin on purpose: parse the spec, run the engine, print progress, write
 * report.json, exit 0 PASSED / 1 FAILED / 2 ERROR.
 */
public final class ShakedownCli {
    static final String USAGE = """
            usage: shakedown validate SPEC [--out DIR] [--format LIST] [--rules DIR]... [--baseline FILE] [--verbose]
                   shakedown submit SPEC --server URL [--token TOKEN] [--wait SECONDS] [--out DIR] [--format LIST]
                                    [--image IMAGE | --url URL]
                   shakedown rules lint DIR    check a folder of rule packs (file, field, line)
                   shakedown rules list [--rules DIR]...   list the loaded rules
                   shakedown schema            print the spec's JSON Schema
                   shakedown monitors apply FILE --server URL [--token TOKEN] [--prune] [--dry-run]
                                               create/update scheduled monitors from a monitors.yaml (docs/monitors.md)
                   shakedown help

              SPEC           a shakedown.yml (YAML or JSON)
              --out DIR      where the reports go (default: shakedown-out); Gatling's HTML
                             reports of a performance section go to DIR/performance/
              --format LIST  which reports, comma-separated: json, junit, sarif, markdown, html, or all (default: all)
              --rules DIR    extra rule packs (*.yaml) next to the built-in validator-rules/ (also SHAKEDOWN_RULES_DIRS, ':'-separated)
              --baseline FILE  performance baselines read and written (default: shakedown-baselines.json)
              --verbose, -v  also print the container log as it streams
              --server URL   a Shakedown service (submit runs the spec there; no Docker needed here)
              --token TOKEN  the project's API token (default: $SHAKEDOWN_TOKEN)
              --wait SECONDS how long submit follows the run (default: 600); then it exits 2 if it is not done
              --image, --url validate this image / URL instead of the spec's target

            exit code: 0 PASSED, 1 FAILED, 2 ERROR (or a bad spec / bad arguments / no verdict in time)
            environment: DOCKER_HOST, SHAKEDOWN_INSTALLATION_ID (default: cli), SHAKEDOWN_HELPER_IMAGE, SHAKEDOWN_TOKEN,
                         SHAKEDOWN_PERF_RUNNER (folder with perf-runner.jar), SHAKEDOWN_PERF_HEAP (default 512m),
                         and the value of every secret the spec declares (secrets: [NAME] reads $NAME)
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final java.util.function.Function<String, String> env; // where secret values come from

    ShakedownCli(PrintStream out, PrintStream err) {
        this(out, err, System::getenv);
    }

    ShakedownCli(PrintStream out, PrintStream err, java.util.function.Function<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new ShakedownCli(System.out, System.err).execute(args));
    }

    int execute(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        return switch (args[0]) {
            case "validate" -> validate(args);
            case "rules" -> rules(args);
            case "submit" -> new SubmitCommand(out, err, env).run(args);
            case "monitors" -> MonitorsCommand.run(args, out, err, env);
            case "schema" -> {
                out.println(io.shakedown.spec.SpecSchema.json());
                yield 0;
            }
            default -> usage("unknown command '" + args[0] + "'");
        };
    }

    private int validate(String[] args) {
        Path specFile = null;
        Path outDir = Path.of("shakedown-out");
        Path baselineFile = Path.of("shakedown-baselines.json");
        boolean verbose = false;
        List<Path> ruleDirs = envRuleDirs();
        var formats = java.util.EnumSet.allOf(io.shakedown.report.ReportFormat.class);
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> {
                    if (i + 1 >= args.length) return usage("--rules needs a folder");
                    ruleDirs.add(Path.of(args[++i]));
                }
                case "--out", "-o" -> {
                    if (i + 1 >= args.length) return usage("--out needs a folder");
                    outDir = Path.of(args[++i]);
                }
                case "--format", "-f" -> {
                    if (i + 1 >= args.length) return usage("--format needs a list, e.g. junit,sarif");
                    var parsed = ReportFiles.parse(args[++i]);
                    if (parsed == null) return usage("--format: unknown format in '" + args[i] + "'; known: "
                            + io.shakedown.report.ReportFormat.ids() + ", all");
                    formats = java.util.EnumSet.copyOf(parsed);

                }
                case "--baseline" -> {
                    if (i + 1 >= args.length) return usage("--baseline needs a file");
                    baselineFile = Path.of(args[++i]);
                }
                case "--verbose", "-v" -> verbose = true;
                default -> {
                    if (args[i].startsWith("-")) return usage("unknown option '" + args[i] + "'");
                    if (specFile != null) return usage("one spec at a time (got " + specFile + " and " + args[i] + ")");
                    specFile = Path.of(args[i]);
                }
            }
        }
        if (specFile == null) return usage("validate needs a spec file, e.g. shakedown validate shakedown.yml");

        ValidationSpec spec;
        Path file = specFile;
        try {
            Path dir = specFile.toAbsolutePath().getParent();
            spec = new SpecParser().parse(Files.readString(specFile), io.shakedown.spec.SpecFiles.folder(dir));
        } catch (NoSuchFileException e) {
            err.println("shakedown: no such spec file: " + specFile);
            return 2;
        } catch (IOException e) {
            err.println("shakedown: cannot read " + specFile + ": " + e.getMessage());
            return 2;
        } catch (SpecException e) {
            err.println(specFile + ": invalid spec (" + e.errors().size() + " problem" + (e.errors().size() == 1 ? "" : "s") + ")");
            e.errors().forEach(error -> err.println("  " + (error.line() == null ? "" : file.getFileName() + ":" + error.line() + ": ")
                    + (error.path() == null || error.path().isEmpty() ? "" : error.path() + ": ") + error.message()));
            return 2;
        }

        RuleSet rules;
        try {
            rules = ruleDirs.isEmpty() ? RuleSet.builtIn() : RuleSet.load(ruleDirs);
        } catch (RuleException e) {
            err.println("shakedown: " + e.getMessage());
            return 2;
        }

        // secret values: from this process's environment, by the names the spec declares; never printed
        var secrets = new java.util.LinkedHashMap<String, String>();
        var missing = new java.util.ArrayList<String>();
        for (String name : spec.secrets()) {
            String value = env.apply(name);
            if (value == null || value.isEmpty()) missing.add(name);
            else secrets.put(name, value);
        }
        if (!missing.isEmpty()) {
            err.println(specFile + ": the spec declares secret(s) with no value in the environment: " + String.join(", ", missing));
            err.println("  set them for this command, e.g. " + missing.get(0) + "=... shakedown validate " + specFile);
            return 2;
        }

        String runId = UUID.randomUUID().toString();
        var progress = new ConsoleProgress(out, verbose);
        progress.header(spec);
        var cancellation = new Cancellation();
        var done = new CountDownLatch(1);
        // Ctrl-C or a CI timeout's SIGTERM: cancel, which stops and removes the container, before the JVM goes.
        Thread hook = new Thread(() -> {
            if (done.getCount() == 0) return;
            cancellation.cancel();
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Report report;
        try (var engine = new ValidationEngine(settingsFromEnv(), rules, perfSettingsFromEnv(outDir, baselineFile))) {
            report = engine.run(spec, new RunContext(runId, progress, cancellation, secrets));
        } finally {
            done.countDown();
        }
        progress.footer(report);
        try {
            var options = new io.shakedown.report.ReportFormat.RenderOptions(ReportFiles.specPathForReports(specFile), null);
            var files = ReportFiles.write(report, outDir, formats, options);
            out.println("reports: " + String.join(", ", files.stream().map(Path::toString).toList()));
            if (report.performance() != null) {
                Path perfDir = PerformanceStage.outputDir(perfSettingsFromEnv(outDir, baselineFile), runId);
                report.performance().scenarios().stream().filter(s -> s.htmlReport() != null)
                        .forEach(s -> out.println("gatling report (" + s.name() + "): " + perfDir.resolve(s.htmlReport())));
            }
        } catch (IOException e) {
            err.println("shakedown: could not write the report to " + outDir + ": " + e.getMessage());
            return Verdict.ERROR.exitCode();
        }
        return report.verdict().exitCode();
    }

    private int rules(String[] args) {
        if (args.length >= 3 && args[1].equals("lint")) {
            if (args.length > 3) return usage("rules lint takes one folder");
            Path dir = Path.of(args[2]);
            List<RuleError> errors = RuleSet.lint(dir);
            if (errors.isEmpty()) {
                out.println(dir + ": rule files OK");
                return 0;
            }
            err.println(dir + ": " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s"));
            errors.forEach(e -> err.println("  " + e));
            return 1;
        }
        if (args.length >= 2 && args[1].equals("list")) {
            List<Path> dirs = envRuleDirs();
            for (int i = 2; i < args.length; i++) {
                if (!args[i].equals("--rules") || i + 1 >= args.length) return usage("rules list takes --rules DIR options");
                dirs.add(Path.of(args[++i]));
            }
            try {
                RuleSet set = dirs.isEmpty() ? RuleSet.builtIn() : RuleSet.load(dirs);
                set.rules().forEach(r -> out.printf("%-8s %-36s %-14s %s%n", r.severity().id(), r.id(), r.pack(), r.title()));
                out.println(set.rules().size() + " rules in " + set.packs().size() + " packs");
                return 0;
            } catch (RuleException e) {
                err.println("shakedown: " + e.getMessage());
                return 2;
            }
        }
        return usage("rules needs 'lint DIR' or 'list'");
    }

    private static List<Path> envRuleDirs() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("SHAKEDOWN_RULES_DIRS");
        if (env != null) for (String d : env.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
        return dirs;
    }

    int usage(String problem) {
        err.println("shakedown: " + problem);
        err.print(USAGE);
        return 2;
    }

    static PerfSettings perfSettingsFromEnv(Path outDir, Path baselineFile) {
        return new PerfSettings(
                Optional.ofNullable(System.getenv("SHAKEDOWN_PERF_RUNNER")).filter(s -> !s.isBlank()).map(Path::of),
                Optional.ofNullable(System.getenv("SHAKEDOWN_PERF_HEAP")).filter(s -> !s.isBlank()).orElse(PerfSettings.DEFAULT_HEAP),
                outDir.resolve("performance"),
                new FileBaselineStore(baselineFile));
    }

    EngineSettings settingsFromEnv() {
        return new EngineSettings(
                Optional.ofNullable(env.apply("DOCKER_HOST")),
                Optional.ofNullable(env.apply("SHAKEDOWN_INSTALLATION_ID")).orElse("cli"),
                Optional.ofNullable(env.apply("SHAKEDOWN_REGISTRY_USERNAME")),
                Optional.ofNullable(env.apply("SHAKEDOWN_REGISTRY_PASSWORD")),
                Optional.ofNullable(env.apply("SHAKEDOWN_HELPER_IMAGE")).orElse(EngineSettings.defaults().diagnosisHelperImage()));
    }
}
