package io.shakedown;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of docs/architecture.md, pinned: front doors → service → engine → stages → spec / report / run → document,
 * and no cycle between top-level packages. Packages that do not exist yet (ui, monitor) are named so the
 * rule holds when they land. Reads compiled classes only: no Docker, no database.
 */
@AnalyzeClasses(packages = "io.shakedown", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FRONT_DOORS = {"io.shakedown.api..", "io.shakedown.cli..", "io.shakedown.ui.."};
    private static final String[] SERVICE = {"io.shakedown.service..", "io.shakedown.monitor..", "io.shakedown.gate..",
            "io.shakedown.store..", "io.shakedown.auth.."};
    private static final String[] ENGINE = {"io.shakedown.engine.."};
    private static final String[] STAGES = {"io.shakedown.target..", "io.shakedown.probe..", "io.shakedown.flow..",
            "io.shakedown.assets..", "io.shakedown.browser..", "io.shakedown.perf..", "io.shakedown.rules..", "io.shakedown.secret.."};
    private static final String[] BOTTOM = {"io.shakedown.spec..", "io.shakedown.report..", "io.shakedown.run.."};
    /** Reading the documents people write (specs, rule packs, monitor files): under everything, above nothing. */
    private static final String[] DOCUMENTS = {"io.shakedown.document.."};

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
}
