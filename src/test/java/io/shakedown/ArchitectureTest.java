package io.shakedown;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
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
 * in {@code target}, and {@code validation_run} written only by {@code store}. Reads compiled classes (and, for SQL,
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
    /**
     * Frozen and shrinking: the classes outside {@code target} that still import a runtime client (issue 23, item 4, moves
     * the rules' evidence behind the runtime interface). A class leaves the list when it stops; none joins it.
     */
    static final Set<String> RUNTIME_CLIENT_LEFTOVERS = Set.of(
            "io.shakedown.service.EngineProducer"); // hands Quarkus' Kubernetes client to the runtime

    /** Statements that change {@code validation_run}: only {@code store} has them. */
    private static final Pattern WRITES_VALIDATION_RUN = Pattern.compile("(?i)\\b(insert\\s+into|update|delete\\s+from)\\s+validation_run\\b");
    /** Frozen and shrinking, like the list above: retention's bulk statements (the ops issue moves retention). */
    static final Set<String> VALIDATION_RUN_WRITERS_LEFTOVERS = Set.of("src/main/java/io/shakedown/monitor/MonitorRetention.java");

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
            .and(DescribedPredicate.describe("not a frozen leftover", (JavaClass c) -> !RUNTIME_CLIENT_LEFTOVERS.contains(c.getName())))
            .should().dependOnClassesThat().resideInAnyPackage(RUNTIME_CLIENTS);

    /** The leftovers still import a runtime client: one that stopped must leave the list (it only shrinks). */
    @ArchTest
    static void runtimeClientLeftoversStillNeedTheirPlace(JavaClasses classes) {
        for (String name : RUNTIME_CLIENT_LEFTOVERS) {
            boolean uses = classes.get(name).getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("com.github.dockerjava")
                            || d.getTargetClass().getPackageName().startsWith("io.fabric8"));
            assertTrue(uses, name + " no longer imports docker-java or fabric8: remove it from RUNTIME_CLIENT_LEFTOVERS");
        }
    }

    /** Outside {@code store}, nothing changes a run's entity (its fields or Panache's persist/delete). */
    @ArchTest
    static final ArchRule only_store_changes_a_run_entity = noClasses()
            .that().resideOutsideOfPackage("io.shakedown.store..")
            .should().setFieldWhere(DescribedPredicate.describe("a field of ValidationRun",
                    (JavaAccess<?> a) -> a.getTargetOwner().isAssignableTo(ValidationRun.class)))
            .orShould().callMethodWhere(DescribedPredicate.describe("Panache's persist or delete on ValidationRun",
                    (JavaAccess<?> a) -> a.getTargetOwner().isAssignableTo(ValidationRun.class)
                            && List.of("persist", "persistAndFlush", "delete", "deleteAll", "deleteById", "update").contains(a.getName())));

    /** Outside {@code store}, no SQL changes {@code validation_run} (the frozen leftovers aside, and they still do). */
    @ArchTest
    static void onlyStoreWritesValidationRunInSql(JavaClasses ignored) {
        Set<String> writers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/shakedown"))) {
            files.filter(f -> f.toString().endsWith(".java") && !f.startsWith("src/main/java/io/shakedown/store")).forEach(f -> {
                try {
                    if (WRITES_VALIDATION_RUN.matcher(Files.readString(f)).find()) writers.add(f.toString().replace('\\', '/'));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(new TreeSet<>(VALIDATION_RUN_WRITERS_LEFTOVERS), writers,
                "only store writes validation_run (RunStore); move the statement there, or drop a leftover that no longer writes it");
    }
}
