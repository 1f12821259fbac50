package io.shakedown.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The loaded rule packs: the built-in ones shipped from {@code validator-rules/} plus any extra rule
 * folders. Loading checks every file and refuses the whole set when any file is broken, naming file,
 * field and line — a half-loaded rule set would silently pass apps it should fail.
 */
public final class RuleSet {
    /** Lists the built-in pack files (a jar cannot be listed portably); a test keeps it in step with the folder. */
    static final String BUILT_IN_INDEX = "validator-rules/index.txt";
    private static volatile RuleSet builtIn;

    private final List<RulePack> packs;
    private final List<Rule> rules;
    private final List<FrameworkDef> frameworks;

    private RuleSet(List<RulePack> packs) {
        this.packs = List.copyOf(packs);
        this.rules = packs.stream().flatMap(p -> p.rules().stream()).toList();
        this.frameworks = packs.stream().flatMap(p -> p.frameworks().stream()).toList();
    }

    /** The published JSON Schema of a rule pack (docs/rule-pack.schema.json), for editors and pack authors. */
    public static String schemaJson() {
        return RuleLoader.schemaJson();
    }

    public static RuleSet empty() {
        return new RuleSet(List.of());
    }

    public List<RulePack> packs() {
        return packs;
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<FrameworkDef> frameworks() {
        return frameworks;
    }

    /**
     * Every evidence condition of the set, detections first (they decide which rules run), then the rules, each in the
     * order written: what the background reads and the probe forecast look through.
     */
    Stream<Condition> leaves() {
        return Stream.concat(frameworks().stream().map(FrameworkDef::when), rules().stream().map(Rule::when)).flatMap(Condition::leaves);
    }

    public Rule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** The built-in packs (cached; they cannot change while the process runs). */
    public static RuleSet builtIn() {
        RuleSet r = builtIn;
        if (r == null) {
            synchronized (RuleSet.class) {
                if (builtIn == null) {
                    List<RuleError> errors = new ArrayList<>();
                    builtIn = checked(readBuiltIn(errors), errors);
                }
                r = builtIn;
            }
        }
        return r;
    }

    /**
     * The built-in packs (read once per process: {@link #builtIn}) plus every *.yaml/*.yml file in {@code extraDirs};
     * throws {@link RuleException} listing every problem.
     */
    public static RuleSet load(List<Path> extraDirs) {
        List<RuleError> errors = new ArrayList<>();
        List<RulePack> packs = new ArrayList<>(builtIn().packs());
        for (Path dir : extraDirs) packs.addAll(readDir(dir, errors));
        return checked(packs, errors);
    }

    /** Only the files in {@code dir} (for {@code shakedown rules lint DIR}), checked against the built-in frameworks and ids. */
    public static List<RuleError> lint(Path dir) {
        List<RuleError> errors = new ArrayList<>();
        List<RulePack> builtInPacks = readBuiltIn(errors);
        List<RulePack> user = readDir(dir, errors);
        if (errors.isEmpty() && user.isEmpty()) {
            errors.add(new RuleError(dir.toString(), "", "no rule files (*.yaml, *.yml) in this folder", null));
        }
        var all = new ArrayList<>(builtInPacks);
        all.addAll(user);
        try {
            checked(all, errors);
        } catch (RuleException e) {
            return e.errors();
        }
        return List.of();
    }

    private static RuleSet checked(List<RulePack> packs, List<RuleError> errors) {
        Map<String, Rule> ids = new HashMap<>();
        Set<String> frameworkIds = new LinkedHashSet<>();
        for (RulePack p : packs) {
            for (FrameworkDef f : p.frameworks()) {
                if (!frameworkIds.add(f.id())) errors.add(new RuleError(f.file(), "frameworks", "framework " + f.id() + " is defined twice", f.line()));
            }
        }
        for (RulePack p : packs) {
            for (Rule r : p.rules()) {
                Rule other = ids.putIfAbsent(r.id(), r);
                if (other != null) {
                    errors.add(new RuleError(r.file(), "rules", "rule id " + r.id() + " is already used in " + other.file()
                            + (other.line() == null ? "" : " line " + other.line()), r.line()));
                }
                for (String f : r.frameworks()) {
                    if (!frameworkIds.contains(f)) {
                        errors.add(new RuleError(r.file(), "rules." + r.id() + ".frameworks", "unknown framework " + f
                                + "; known: " + String.join(", ", frameworkIds) + " (or any)", r.line()));
                    }
                }
            }
        }
        if (!errors.isEmpty()) throw new RuleException(errors);
        return new RuleSet(packs);
    }

    private static List<RulePack> readBuiltIn(List<RuleError> errors) {
        ClassLoader cl = RuleSet.class.getClassLoader();
        List<RulePack> packs = new ArrayList<>();
        try (InputStream index = cl.getResourceAsStream(BUILT_IN_INDEX)) {
            if (index == null) throw new IllegalStateException("built-in rules missing from the classpath: " + BUILT_IN_INDEX);
            for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                name = name.strip();
                if (name.isEmpty() || name.startsWith("#")) continue;
                try (InputStream in = cl.getResourceAsStream("validator-rules/" + name)) {
                    if (in == null) {
                        errors.add(new RuleError(BUILT_IN_INDEX, "", "lists " + name + ", which is not on the classpath", null));
                        continue;
                    }
                    RulePack p = RuleLoader.load("validator-rules/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8), errors);
                    if (p != null) packs.add(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in rules: " + e.getMessage(), e);
        }
        return packs;
    }

    private static List<RulePack> readDir(Path dir, List<RuleError> errors) {
        List<RulePack> packs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            errors.add(new RuleError(dir.toString(), "", "not a folder", null));
            return packs;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            errors.add(new RuleError(dir.toString(), "", "cannot list: " + e.getMessage(), null));
            return packs;
        }
        for (Path f : files) {
            try {
                RulePack p = RuleLoader.load(f.toString(), Files.readString(f), errors);
                if (p != null) packs.add(p);
            } catch (IOException e) {
                errors.add(new RuleError(f.toString(), "", "cannot read: " + e.getMessage(), null));
            }
        }
        return packs;
    }

    /** The evidence sources a condition reads: file, imageConfig, log, http, runtime. */
    static List<String> sources(Condition c) {
        if (c == null) return List.of();
        return c.leaves().map(RuleSet::source).distinct().toList();
    }

    private static String source(Condition leaf) {
        return switch (leaf) {
            case Condition.File f -> "file";
            case Condition.ImageConfig i -> "imageConfig";
            case Condition.Log l -> "log";
            case Condition.Http h -> h.request() == null ? "http-passive" : "http-probe";
            case Condition.Listening l -> "runtime";
            case Condition.Process p -> "runtime";
            case Condition.Env e -> "runtime";
            case Condition.JvmHeap j -> "runtime";
            case Condition.OomKilled o -> "runtime";
            case Condition.All a -> throw new IllegalArgumentException("not a leaf: " + a);
            case Condition.Any a -> throw new IllegalArgumentException("not a leaf: " + a);
            case Condition.Not n -> throw new IllegalArgumentException("not a leaf: " + n);
        };
    }
}
