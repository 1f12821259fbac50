package io.shakedown.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Severity;
import io.shakedown.rules.PackErrors.At;
import io.shakedown.document.SchemaCheck;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads one rule pack file (YAML) into a {@link RulePack}. The rule-pack schema ({@link #SCHEMA},
 * docs/rule-pack.schema.json) checks its structure; this class adds what a schema cannot say: regexes compile
 * ({@link ConditionCompiler}), a rule has a help link, selfEvident only on HTTP-only evidence. Every problem comes
 * with its field path and line. References between packs (unique ids, known frameworks) are {@link RuleSet}'s.
 * The format is documented in docs/rules.md.
 */
final class RuleLoader {
    /** Classpath location of the rule-pack schema; docs/rule-pack.schema.json is its published copy. */
    static final String SCHEMA = "/rules/rule-pack.schema.json";
    private static final SchemaCheck STRUCTURE = SchemaCheck.fromClasspath(SCHEMA);

    /** The rule-pack schema, as JSON text. */
    static String schemaJson() {
        return STRUCTURE.json();
    }

    private final PackErrors errors;
    private final ConditionCompiler conditions;
    private final List<String> structural;

    private RuleLoader(PackErrors errors, List<String> structural) {
        this.errors = errors;
        this.conditions = new ConditionCompiler(errors);
        this.structural = structural;
    }

    /** Parses {@code text} (the content of {@code file}); problems are added to {@code errors}. */
    static RulePack load(String file, String text, List<RuleError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new RuleError(file, "", "the rule file is empty; expected a mapping with pack and rules", 1));
            return null;
        }
        try {
            return read(file, text, errors);
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: a bug must still come out as a problem of the file, never as a stack trace.
            errors.add(new RuleError(file, "", "could not read the rule file (internal error: " + e.getClass().getSimpleName() + ")", null));
            return null;
        }
    }

    private static RulePack read(String file, String text, List<RuleError> errors) {
        var doc = DocumentReader.read(text);
        if (doc.root() == null) {
            doc.errors().forEach(e -> errors.add(new RuleError(file, e.path(), e.message(), e.line())));
            return null;
        }
        List<DocumentError> structure = STRUCTURE.check(doc.root(), doc.lines());
        structure.forEach(e -> errors.add(new RuleError(file, e.path(), e.message(), e.line())));
        if (!doc.root().isObject()) return null;
        var loader = new RuleLoader(new PackErrors(file, doc.lines()), structure.stream().map(DocumentError::path).toList());
        RulePack pack = loader.pack(doc.root());
        errors.addAll(loader.errors.list());
        return structure.isEmpty() && loader.errors.count() == 0 ? pack : null;
    }

    /** Frameworks and rules whose structure is sound; the others were reported by the schema and are skipped. */
    private RulePack pack(JsonNode root) {
        String name = ConditionCompiler.text(root, "pack");
        List<FrameworkDef> frameworks = new ArrayList<>();
        JsonNode fs = root.get("frameworks");
        if (fs != null && fs.isArray()) for (int i = 0; i < fs.size(); i++) {
            At at = At.ROOT.key("frameworks").index(i);
            if (sound(at)) frameworks.add(framework(at, fs.get(i), name));
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode rs = root.get("rules");
        if (rs != null && rs.isArray()) for (int i = 0; i < rs.size(); i++) {
            At at = At.ROOT.key("rules").index(i);
            if (!sound(at)) continue;
            Rule r = rule(at, rs.get(i), name, frameworks);
            if (r != null) rules.add(r);
        }
        return new RulePack(name, errors.file(), List.copyOf(frameworks), List.copyOf(rules));
    }

    /** No structural problem at or inside {@code at}. */
    private boolean sound(At at) {
        String p = at.display();
        return structural.stream().noneMatch(s -> s.equals(p) || s.startsWith(p + ".") || s.startsWith(p + "["));
    }

    private FrameworkDef framework(At p, JsonNode o, String pack) {
        return new FrameworkDef(o.get("id").textValue(), o.get("name").textValue(), conditions.compile(p.key("detect"), o.get("detect")),
                pack, errors.file(), errors.line(p));
    }

    private Rule rule(At p, JsonNode o, String pack, List<FrameworkDef> packFrameworks) {
        int before = errors.count();
        List<String> frameworks = o.has("frameworks") ? ConditionCompiler.texts(o.get("frameworks"))
                : packFrameworks.stream().map(FrameworkDef::id).filter(Objects::nonNull).toList();
        if (frameworks.contains("any")) frameworks = List.of();
        Condition when = conditions.compile(p.key("when"), o.get("when"));
        List<String> references = ConditionCompiler.texts(o.get("references"));
        String helpUri = o.has("helpUri") ? o.get("helpUri").textValue()
                : references.stream().filter(RuleLoader::isHttpUri).findFirst().orElse(null);
        if (helpUri == null) {
            errors.add(o.has("references") ? p.key("references") : p,
                    "needs at least one http(s) URL in references (the finding's help link), or a helpUri");
        }
        List<DiagnosisKind> explains = ConditionCompiler.texts(o.get("explains")).stream().map(DiagnosisKind::valueOf).toList();
        boolean selfEvident = o.has("selfEvident") && o.get("selfEvident").booleanValue();
        if (errors.count() > before) return null;
        if (selfEvident && !onlyHttp(when)) {
            errors.add(p.key("selfEvident"), "only for a rule whose evidence is HTTP responses alone (its when holds only http conditions)");
            return null;
        }
        return new Rule(o.get("id").textValue(), o.get("title").textValue(), Severity.ofId(o.get("severity").textValue()),
                List.copyOf(frameworks), when, o.get("message").textValue(), o.get("fix").textValue(), references, helpUri, explains,
                RuleSet.sources(when), pack, errors.file(), errors.line(p), selfEvident);
    }

    private static boolean onlyHttp(Condition c) {
        return switch (c) {
            case Condition.Http h -> true;
            case Condition.All a -> a.conditions().stream().allMatch(RuleLoader::onlyHttp);
            case Condition.Any a -> a.conditions().stream().allMatch(RuleLoader::onlyHttp);
            default -> false;
        };
    }

    private static boolean isHttpUri(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
