package io.shakedown.service;

import io.shakedown.engine.ValidationEngine;
import io.shakedown.rules.Rule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The loaded rules (built-in packs plus shakedown.rules.dirs) as listed by the API and the UI's rules page. */
@ApplicationScoped
public class RuleCatalog {

    /** One rule as listed: what it catches, where it applies, what it reads. */
    public record RuleView(String id, String title, String severity, String pack, List<String> frameworks, List<String> evidence,
                           String fix, String helpUri, List<String> references, String file, Integer line) {}

    public record FrameworkView(String id, String name, String pack) {}

    public record RulesView(int count, List<FrameworkView> frameworks, List<RuleView> rules) {}

    @Inject ValidationEngine engine;

    public RulesView list() {
        var set = engine.rules();
        List<RuleView> rules = set.rules().stream().map(RuleCatalog::view).toList();
        return new RulesView(rules.size(), set.frameworks().stream().map(f -> new FrameworkView(f.id(), f.name(), f.pack())).toList(), rules);
    }

    private static RuleView view(Rule r) {
        return new RuleView(r.id(), r.title(), r.severity().id(), r.pack(), r.appliesToAll() ? List.of("any") : r.frameworks(), r.needs(),
                r.fix(), r.helpUri(), r.references(), r.file(), r.line());
    }
}
