package io.shakedown;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.shakedown.store.ValidationRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layering of docs/architecture.md, pinned: front doors → service → engine → stages → spec / report / run → document,
 * no cycle between top-level packages, front doors that do not call each other, the container runtimes' clients only
 * in {@code target}, and {@code validation_run} read and written only by {@code store}. Reads compiled classes (and, for SQL,
 * the sources): no Docker, no database.
 */
@AnalyzeClasses(packages = "io.shakedown", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FRONT_DOORS = {"io.shakedown.api..", "io.shakedown.cli..", "io.shakedown.ui.."};
    private static final String[] SERVICE = {"io.shakedown.service..", "io.shakedown.monitor..", "io.shakedown.gate..",
            "io.shakedown.store..", "io.shakedown.auth.."};
    private static final String[] ENGINE = {"io.shakedown.engine.."};
    private static final String[] STAGES = {"io.shakedown.target..", "io.shakedown.probe..", "io.shakedown.flow..",
            "io.shakedown.assets..", "io.shakedown.browser..", "io.shakedown.perf..", "io.shakedown.rules..", "io.shakedown.secret..",
            "io.shakedown.contract.."};
    private static final String[] BOTTOM = {"io.shakedown.spec..", "io.shakedown.report..", "io.shakedown.run.."};
    /** Reading the documents people write (specs, rule packs, monitor files): under everything, above nothing. */
    private static final String[] DOCUMENTS = {"io.shakedown.document.."};

    /** The container runtimes' client libraries: only {@code target} (the runtime interface's implementations) imports them. */
    private static final String[] RUNTIME_CLIENTS = {"com.github.dockerjava..", "io.fabric8.."};

    /** SQL naming {@code validation_run} (reads too: a monitor's history, a gate's answer): only {@code store} has it. */
    private static final Pattern NAMES_VALIDATION_RUN = Pattern.compile("\\bvalidation_run\\b");

    @ArchTest
    static final ArchRule layers_point_one_way = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("Front doors").definedBy(FRONT_DOORS)
            .layer("Service").definedBy(SERVICE)
            .layer("Engine").definedBy(ENGINE)
            .layer("Stages").definedBy(STAGES)
            .layer("Spec, report, run").definedBy(BOTTOM)
            .layer("Documents").definedBy(DOCUMENTS)
            .whereLayer("Front doors").mayNotBeAccessedByAnyLayer()
            .whereLayer("Service").mayOnlyBeAccessedByLayers("Front doors")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Front doors", "Service")
            .whereLayer("Stages").mayOnlyBeAccessedByLayers("Front doors", "Service", "Engine")
            .whereLayer("Spec, report, run").mayOnlyBeAccessedByLayers("Front doors", "Service", "Engine", "Stages")
            .whereLayer("Documents").mayOnlyBeAccessedByLayers("Front doors", "Service", "Engine", "Stages", "Spec, report, run");

    @ArchTest
    static final ArchRule no_cycles_between_top_level_packages =
            slices().matching("io.shakedown.(*)..").should().beFreeOfCycles();

    /** A UI page and an API resource share service-layer classes, never each other. */
    @ArchTest
    static final ArchRule the_api_uses_no_other_front_door = noClasses().that().resideInAPackage("io.shakedown.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shakedown.cli..", "io.shakedown.ui..");

    @ArchTest
    static final ArchRule the_ui_uses_no_other_front_door = noClasses().that().resideInAPackage("io.shakedown.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shakedown.api..", "io.shakedown.cli..");

    @ArchTest
    static final ArchRule the_cli_uses_no_other_front_door = noClasses().that().resideInAPackage("io.shakedown.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shakedown.api..", "io.shakedown.ui..");

    @ArchTest
    static final ArchRule only_target_uses_the_runtime_clients = noClasses()
            .that().resideOutsideOfPackages("io.shakedown.target..")
            .should().dependOnClassesThat().resideInAnyPackage(RUNTIME_CLIENTS);

    /** Outside {@code store}, nothing changes a run's entity (its fields or Panache's persist/delete). */
    @ArchTest
    static final ArchRule only_store_changes_a_run_entity = noClasses()
            .that().resideOutsideOfPackage("io.shakedown.store..")
            .should().setFieldWhere(DescribedPredicate.describe("a field of ValidationRun",
                    (JavaAccess<?> a) -> a.getTargetOwner().isAssignableTo(ValidationRun.class)))
            .orShould().callMethodWhere(DescribedPredicate.describe("Panache's persist or delete on ValidationRun",
                    (JavaAccess<?> a) -> a.getTargetOwner().isAssignableTo(ValidationRun.class)
                            && List.of("persist", "persistAndFlush", "delete", "deleteAll", "deleteById", "update").contains(a.getName())));

    /** Outside {@code store}, no SQL reads or changes {@code validation_run}: store owns the table (RunStore, RunQueries, MonitorRuns, RunRetention). */
    @ArchTest
    static void onlyStoreHasSqlOnValidationRun(JavaClasses ignored) {
        Set<String> outside = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/shakedown"))) {
            files.filter(f -> f.toString().endsWith(".java") && !f.startsWith("src/main/java/io/shakedown/store")).forEach(f -> {
                try {
                    if (NAMES_VALIDATION_RUN.matcher(withoutComments(Files.readString(f))).find()) outside.add(f.toString().replace('\\', '/'));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(Set.of(), outside, "only store reads or writes validation_run: move the statement into store (RunStore, RunQueries, MonitorRuns)");
    }

    /** Java source without the comments that open a line (a comment may name the table without touching it). */
    static String withoutComments(String source) {
        return source.replaceAll("(?ms)^\\s*/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    /** The scan sees SQL in text blocks and strings, and not in comments: a rule that cannot fail is no rule. */
    @org.junit.jupiter.api.Test
    void theSqlScanFindsTheTableInCodeOnly() {
        assertTrue(NAMES_VALIDATION_RUN.matcher(withoutComments("String q = \"\"\"\n  select id from validation_run where x\"\"\";")).find());
        assertTrue(NAMES_VALIDATION_RUN.matcher(withoutComments("db.update(\"delete from validation_run where id = ?\", id);")).find());
        assertFalse(NAMES_VALIDATION_RUN.matcher(withoutComments("/** kept in {@code validation_run.figures} */ int x;")).find());
        assertFalse(NAMES_VALIDATION_RUN.matcher(withoutComments("// reads validation_run\nint y;")).find());
    }
}
