package io.shakedown.service;

import io.shakedown.browser.BrowserSettings;
import io.shakedown.run.EngineSettings;
import io.shakedown.engine.ValidationEngine;
import io.quarkus.runtime.StartupEvent;
import io.shakedown.rules.RuleSet;
import io.shakedown.perf.PerfSettings;
import io.shakedown.store.PgBaselineStore;
import io.shakedown.store.PgPulledImages;
import io.shakedown.target.ImageHygiene;
import java.nio.file.Path;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import io.shakedown.target.DockerRuntime;
import io.shakedown.target.TargetRuntime;
import io.shakedown.target.kubernetes.KubernetesRuntimes;
import io.shakedown.target.kubernetes.KubernetesSettings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One engine per process, built from {@code shakedown.*} (its runtime from {@code shakedown.runtime}) and closed on shutdown. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ValidationEngine engine(ShakedownConfig config, PgBaselineStore baselines, PgPulledImages pulled, KubernetesRuntimes kubernetes) {
        var dirs = config.rules().dirs().orElse(List.of()).stream().map(Path::of).toList();
        var settings = new EngineSettings(
                config.docker().host(),
                config.installationId(),
                config.registry().username(),
                config.registry().password(),
                config.helperImage(),
                config.docker().network(),
                true); // the service answers before a run's containers are removed
        return new ValidationEngine(dirs.isEmpty() ? RuleSet.builtIn() : RuleSet.load(dirs), perfSettings(config, baselines),
                runtime(config, settings, kubernetes, pulled), BrowserSettings.forInstallation(config.installationId(), config.browser().maxConcurrent()))
                .capRunsAt(config.runDeadlineMax());
    }

    /** The one place the runtime is chosen: {@code shakedown.runtime}. The Kubernetes client is only built when asked for. */
    static TargetRuntime runtime(ShakedownConfig config, EngineSettings settings, KubernetesRuntimes kubernetes, PgPulledImages pulled) {
        return switch (config.runtime().strip().toLowerCase(Locale.ROOT)) {
            case "docker" -> new DockerRuntime(settings, new ImageHygiene(pulled,
                    new ImageHygiene.Policy(config.images().removePulled(), config.images().keepRecent()), pulled));
            case "kubernetes" -> {
                var k = config.kubernetes();
                yield kubernetes.runtime(k.namespace(), config.installationId(), k.imagePullSecrets().orElse(List.of()),
                        KubernetesSettings.Access.of(k.access()), k.runAsNonRoot(), k.activeDeadline());
            }
            default -> throw new IllegalArgumentException("shakedown.runtime must be docker or kubernetes, not '" + config.runtime() + "'");
        };
    }

    /** Loads the rules at start: a broken rule file refuses the start (RuleException names file, field and line). */
    void loadRulesAtStart(@Observes StartupEvent event, ValidationEngine engine) {
        Logger.getLogger(EngineProducer.class).infof("%d rules loaded from %d packs", engine.rules().rules().size(), engine.rules().packs().size());
    }

    static PerfSettings perfSettings(ShakedownConfig config, PgBaselineStore baselines) {
        return new PerfSettings(config.perf().runnerHome().map(Path::of), config.perf().heap(),
                config.perf().workDir().map(Path::of).orElse(PerfSettings.defaults().workDir()), baselines,
                config.perf().generatorCpus());
    }

    void close(@Disposes ValidationEngine engine) {
        engine.close();
    }
}
