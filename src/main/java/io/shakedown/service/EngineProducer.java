package io.shakedown.service;

import io.shakedown.run.EngineSettings;
import io.shakedown.engine.ValidationEngine;
import io.quarkus.runtime.StartupEvent;
import io.shakedown.rules.RuleSet;
import io.shakedown.perf.PerfSettings;
import io.shakedown.store.PgBaselineStore;
import java.nio.file.Path;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One engine per process, built from {@code shakedown.*} and closed (Docker client released) on shutdown. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ValidationEngine engine(ShakedownConfig config, PgBaselineStore baselines) {
        var dirs = config.rules().dirs().orElse(List.of()).stream().map(Path::of).toList();
        return new ValidationEngine(new EngineSettings(
                config.docker().host(),
                config.installationId(),
                config.registry().username(),
                config.registry().password(),
                config.helperImage()), dirs.isEmpty() ? RuleSet.builtIn() : RuleSet.load(dirs), perfSettings(config, baselines));
    }

    /** Loads the rules at start: a broken rule file refuses the start (RuleException names file, field and line). */
    void loadRulesAtStart(@Observes StartupEvent event, ValidationEngine engine) {
        Logger.getLogger(EngineProducer.class).infof("%d rules loaded from %d packs", engine.rules().rules().size(), engine.rules().packs().size());
    }

    static PerfSettings perfSettings(ShakedownConfig config, PgBaselineStore baselines) {
        return new PerfSettings(config.perf().runnerHome().map(Path::of), config.perf().heap(),
                config.perf().workDir().map(Path::of).orElse(PerfSettings.defaults().workDir()), baselines);
    }

    void close(@Disposes ValidationEngine engine) {
        engine.close();
    }
}
