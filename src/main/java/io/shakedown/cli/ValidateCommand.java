package io.shakedown.cli;

import io.shakedown.engine.ValidationEngine;
import io.shakedown.perf.FileBaselineStore;
import io.shakedown.perf.PerfSettings;
import io.shakedown.perf.PerformanceRunner;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.Verdict;
import io.shakedown.rules.RuleException;
import io.shakedown.rules.PendingRuleSet;
import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.TargetOverride;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code shakedown validate shakedown.yml}: parse the spec, run the engine here (Docker for an image target, no
 * database), print progress, write the reports, exit by verdict.
 */
@Command(name = "validate", description = "Validates an image (or URL) here, with the local Docker engine.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    ShakedownCli root;

    @Spec
    CommandSpec command;

    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "a shakedown.yml (YAML or JSON)")
    Path specFile;

    @Mixin
    ReportOptions reports;

    @Option(names = "--rules", paramLabel = "DIR", description = "extra rule packs (*.yaml) next to the built-in validator-rules/ (repeatable; also SHAKEDOWN_RULES_DIRS)")
    List<Path> ruleDirs = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "FILE", defaultValue = "shakedown-baselines.json",
            description = "performance baselines read and written (default: ${DEFAULT-VALUE})")
    Path baselineFile;

    @Option(names = {"--verbose", "-v"}, description = "also print the container log as it streams")
    boolean verbose;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        Console console = root.console;
        if (specFile == null) throw new ParameterException(command.commandLine(), "validate needs a spec file, e.g. shakedown validate shakedown.yml");
        target.check(command);
        String image = target.image, url = target.url;
        var formats = reports.formats(command);

        String text = console.readSpec(specFile);
        if (text == null) return Console.TROUBLE;
        ValidationSpec spec;
        var files = SpecFiles.folder(specFile.toAbsolutePath().getParent());
        try {
            spec = new SpecParser().parse(text, files);
        } catch (DocumentException e) {
            return console.specErrors(specFile, "invalid spec (" + Console.problems(e.errors().size()) + ")", e.errors());
        }
        if (image != null || url != null) {
            // the spec's own problems are reported on its lines above; what is left to go wrong is the override itself
            String option = image != null ? "--image" : "--url";
            try {
                spec = new SpecParser().parse(TargetOverride.apply(text, image, url), files);
            } catch (TargetOverride.InvalidOverride e) {
                throw new ParameterException(command.commandLine(), option + ": " + e.getMessage());
            } catch (DocumentException e) {
                return console.specErrors(specFile, "invalid spec with " + option + " (" + Console.problems(e.errors().size()) + ")", e.errors());
            }
        }
        PendingRuleSet rules;
        try {
            rules = console.rulesForRun(ruleDirs);
        } catch (RuleException e) {
            return console.fail(e.getMessage());
        }
        var secrets = console.secrets(spec.secrets(), specFile, "validate");
        if (secrets == null) return Console.TROUBLE;

        String runId = UUID.randomUUID().toString();
        var progress = new ConsoleProgress(console.out, verbose);
        progress.header(spec);
        PerfSettings perfSettings = perfSettings(console);
        // the reports are written while the engine is still open: the container's removal (in the background) overlaps
        // them, and closing the engine afterwards waits for it — the command never exits before the container is gone
        return runCancellably(spec, new RunContext(runId, progress, new Cancellation(), secrets), rules, perfSettings, console, report -> {
            progress.footer(report);
            var options = new ReportFormat.RenderOptions(ReportFiles.specPathForReports(specFile), null);
            if (!reports.write(report, formats, options, console)) return Verdict.ERROR.exitCode();
            if (report.performance() != null) {
                Path perfDir = PerformanceRunner.outputDir(perfSettings, runId);
                report.performance().scenarios().stream().filter(s -> s.htmlReport() != null)
                        .forEach(s -> console.out.println("gatling report (" + s.name() + "): " + perfDir.resolve(s.htmlReport())));
            }
            return report.verdict().exitCode();
        });
    }

    /** Ctrl-C or a CI timeout's SIGTERM cancels the run, which stops and removes the container, before the JVM goes. */
    private static int runCancellably(ValidationSpec spec, RunContext ctx, PendingRuleSet rules, PerfSettings perfSettings, Console console,
                                      ToIntFunction<Report> afterRun) {
        var done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (done.getCount() == 0) return;
            ctx.cancellation().cancel();
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (var engine = new ValidationEngine(engineSettings(console, true), rules, perfSettings)) {
            return afterRun.applyAsInt(engine.run(spec, ctx));
        } finally {
            done.countDown();
        }
    }

    private PerfSettings perfSettings(Console console) {
        try {
            return new PerfSettings(
                    Optional.ofNullable(console.env("SHAKEDOWN_PERF_RUNNER")).filter(s -> !s.isBlank()).map(Path::of),
                    Optional.ofNullable(console.env("SHAKEDOWN_PERF_HEAP")).filter(s -> !s.isBlank()).orElse(PerfSettings.DEFAULT_HEAP),
                    reports.outDir.resolve("performance"),
                    new FileBaselineStore(baselineFile),
                    Optional.ofNullable(console.env("SHAKEDOWN_PERF_CPUS")));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "SHAKEDOWN_PERF_CPUS: " + e.getMessage());
        }
    }

    /** {@code backgroundRemoval}: the run's containers go while its reports are written; closing the engine waits for them. */
    static EngineSettings engineSettings(Console console, boolean backgroundRemoval) {
        return new EngineSettings(
                Optional.ofNullable(console.env("DOCKER_HOST")),
                Optional.ofNullable(console.env("SHAKEDOWN_INSTALLATION_ID")).orElse("cli"),
                Optional.ofNullable(console.env("SHAKEDOWN_REGISTRY_USERNAME")),
                Optional.ofNullable(console.env("SHAKEDOWN_REGISTRY_PASSWORD")),
                Optional.ofNullable(console.env("SHAKEDOWN_HELPER_IMAGE")).orElse(EngineSettings.defaults().diagnosisHelperImage()),
                Optional.empty(), backgroundRemoval);
    }
}
