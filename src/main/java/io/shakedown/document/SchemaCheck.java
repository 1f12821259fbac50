package io.shakedown.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A JSON Schema (draft 2020-12) as the structural validator of a document people write (a spec, a rule pack, a
 * monitors file), with messages people read: each problem at its field path ({@code checks[2].expect.status}) and
 * line, unknown fields and enum values with "did you mean".
 *
 * <p>Wording comes from the schema where it says more than the keyword: an {@code errorMessage} (the ajv-errors
 * convention) on any schema object: a string stands for every failure inside that object (the nearest one wins), an
 * object keyed by keyword for that object's own failures of the keyword; the value is appended
 * ({@code ", got 70000"}) except to "required", "not allowed" and unknown-field messages. Of the branches of an {@code anyOf} /
 * {@code oneOf}, only the one whose shape the value has is reported; when none has it, the combinator's own message.
 * Instances are immutable and thread-safe.
 */
public final class SchemaCheck {

    private static final Set<String> SHAPE_KEYWORDS = Set.of("type", "const", "required", "false");
    private static final Set<String> CHILD_KEYWORDS = Set.of("items", "additionalProperties", "contains");

    private final String json;
    private final JsonNode root;
    private final JsonSchema schema;
    private final SchemaWording wording;

    private SchemaCheck(String json) {
        this.json = json;
        try {
            this.root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keyword(new NonValidationKeyword("errorMessage")).build();
        var factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
                .metaSchema(meta).build();
        var config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        this.schema = factory.getSchema(root, config);
        this.wording = new SchemaWording(root);
    }

    /** Compiles the JSON Schema at this classpath resource once. */
    public static SchemaCheck fromClasspath(String resource) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
            return new SchemaCheck(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema document as JSON text (what editors and pipelines are served). */
    public String json() {
        return json;
    }

    /** True when the tree has no structural problem (no messages are built). */
    public boolean accepts(JsonNode tree) {
        return schema.validate(tree).isEmpty();
    }

    /**
     * Every structural problem of {@code tree}, in source order, one per field; {@code lines} maps JSON pointers to
     * lines ({@link DocumentReader.Document#lines()}). Empty when the tree is valid.
     */
    public List<DocumentError> check(JsonNode tree, Map<String, Integer> lines) {
        List<Problem> raw = new ArrayList<>();
        for (ValidationMessage m : schema.validate(tree)) raw.add(new Problem(m, segments(m.getEvaluationPath())));
        var byPath = new LinkedHashMap<String, DocumentError>();
        for (Problem p : suppressTypos(select(raw, 0))) {
            DocumentPath at = p.path();
            byPath.putIfAbsent(at.pointer(), new DocumentError(at.toString(), wording.message(p), lineOf(at, lines)));
        }
        var out = new ArrayList<>(byPath.values());
        out.sort(Comparator.comparing(DocumentError::line, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /** The line of the value at {@code p}, or of its nearest ancestor that has one; a missing top-level field has none. */
    public static Integer lineOf(DocumentPath p, Map<String, Integer> lines) {
        if (p.isRoot()) return lines.get("");
        for (DocumentPath q = p; !q.isRoot(); q = q.parent()) {
            Integer l = lines.get(q.pointer());
            if (l != null) return l;
        }
        return null;
    }

    // ------------------------------------------------------------ combinators

    /**
     * Keeps, of every anyOf/oneOf found at or after segment {@code from} of the evaluation paths, the errors of the
     * first branch the value has the shape of (recursively); when no branch fits, one error for the combinator.
     */
    private List<Problem> select(List<Problem> problems, int from) {
        var out = new ArrayList<Problem>();
        var sites = new LinkedHashMap<String, List<Problem>>();
        for (Problem p : problems) {
            int at = p.combinatorAt(from);
            if (at < 0) out.add(p);
            else sites.computeIfAbsent(String.join("/", p.eval.subList(0, at + 1)) + " @" + p.instanceAtDepth(p.instanceDepthAt(at)),
                    k -> new ArrayList<>()).add(p);
        }
        for (List<Problem> site : sites.values()) {
            Problem any = site.getFirst();
            int at = any.combinatorAt(from);
            int siteDepth = any.instanceDepthAt(at);
            var branches = new TreeMap<Integer, List<Problem>>();
            Problem summary = null;
            List<String> wanted = new ArrayList<>();
            for (Problem p : site) {
                if (p.eval.size() <= at + 1) {
                    summary = p; // networknt's own oneOf message
                    continue;
                }
                branches.computeIfAbsent(Integer.parseInt(p.eval.get(at + 1)), k -> new ArrayList<>()).add(p);
            }
            List<Problem> chosen = null;
            for (List<Problem> branch : branches.values()) {
                boolean fits = true;
                for (Problem p : branch) {
                    // a missing field rules a branch out only when the branch itself requires it, not a combinator inside it
                    boolean direct = !"required".equals(p.keyword()) || p.combinatorAt(at + 2) < 0;
                    if (SHAPE_KEYWORDS.contains(p.keyword()) && p.instance.getNameCount() == siteDepth && direct) {
                        fits = false;
                        if ("required".equals(p.keyword())) wanted.add(p.message.getProperty());
                    }
                }
                if (fits && chosen == null) chosen = branch;
            }
            if (chosen != null) {
                out.addAll(select(chosen, at + 2));
            } else {
                Problem first = summary != null ? summary : any;
                out.add(new Problem(first.message, first.eval.subList(0, at + 1), first.instanceAtDepth(siteDepth), wanted));
            }
        }
        return out;
    }

    /**
     * An unknown field that looks like a typo of a missing one: only the typo is reported. A field is "missing"
     * when a {@code required} names it, when a combinator's branches require it, or when it is what an
     * {@code if} asks about ({@code if: {not: {required: [cron]}}, then: {required: [every]}}: a misspelt cron).
     */
    private List<Problem> suppressTypos(List<Problem> problems) {
        var typos = new HashSet<String>();
        for (Problem p : problems) {
            if ("additionalProperties".equals(p.keyword())) {
                String s = DidYouMean.closest(p.message.getProperty(), wording.allowedHere(p));
                if (s != null) typos.add(p.instancePointer() + "\u0000" + s);
            }
        }
        if (typos.isEmpty()) return problems;
        return problems.stream().filter(p -> {
            if (p.combinator) return p.wanted.stream().noneMatch(w -> typos.contains(p.instancePointer() + "\u0000" + w));
            if (!"required".equals(p.keyword())) return true;
            var explained = new HashSet<>(conditionFields(p));
            explained.add(p.message.getProperty());
            return explained.stream().noneMatch(f -> typos.contains(p.instancePointer() + "\u0000" + f));
        }).toList();
    }

    /** The fields the {@code if} of the {@code then} a problem comes from asks about; empty outside a then. */
    private Set<String> conditionFields(Problem p) {
        int then = p.eval.lastIndexOf("then");
        if (then < 0) return Set.of();
        var names = new HashSet<String>();
        collectRequired(wording.schemaChain(p.eval.subList(0, then)).getLast().path("if"), names);
        return names;
    }

    private static void collectRequired(JsonNode schema, Set<String> into) {
        if (schema.isObject()) schema.path("required").forEach(r -> into.add(r.asText()));
        if (schema.isContainerNode()) schema.forEach(child -> collectRequired(child, into));
    }

    /** How a value reads in a message: "eighty" quoted, numbers as written, containers by kind. */
    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.length() > 60) s = s.substring(0, 57) + "...";
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
        if (v.isObject()) return v.isEmpty() ? "an empty mapping" : "a mapping";
        if (v.isArray()) return v.isEmpty() ? "an empty list" : "a list";
        if (v.isNull()) return "null";
        return v.asText();
    }

    private static List<String> segments(JsonNodePath path) {
        var out = new ArrayList<String>(path.getNameCount());
        for (int i = 0; i < path.getNameCount(); i++) out.add(String.valueOf(path.getElement(i)));
        return out;
    }

    /** One schema error, or (combinator) the one error standing for a whole anyOf/oneOf. */
    static final class Problem {
        final ValidationMessage message;
        final List<String> eval;
        final JsonNodePath instance;
        final boolean combinator;
        final List<String> wanted; // combinator: the fields its branches required
        final JsonNode node;

        Problem(ValidationMessage message, List<String> eval) {
            this.message = message;
            this.eval = eval;
            this.instance = message.getInstanceLocation();
            this.combinator = false;
            this.wanted = List.of();
            this.node = message.getInstanceNode();
        }

        Problem(ValidationMessage from, List<String> eval, JsonNodePath instance, List<String> wanted) {
            this.message = from;
            this.eval = eval;
            this.instance = instance;
            this.combinator = true;
            this.wanted = wanted;
            this.node = instance.equals(from.getInstanceLocation()) ? from.getInstanceNode() : null;
        }

        String keyword() {
            return message.getType();
        }

        /** Index of the first anyOf/oneOf segment at or after {@code from} that has a branch index after it. */
        int combinatorAt(int from) {
            for (int i = from; i < eval.size(); i++) {
                String s = eval.get(i);
                if (("anyOf".equals(s) || "oneOf".equals(s)) && (i + 1 == eval.size() || isIndex(eval.get(i + 1)))) {
                    if (i + 1 == eval.size() && !"oneOf".equals(keyword())) continue;
                    return i;
                }
            }
            return -1;
        }

        /** How deep in the instance the schema at evaluation segment {@code at} applies. */
        int instanceDepthAt(int at) {
            int consumed = 0;
            for (int i = at; i < eval.size() - 1; i++) {
                String s = eval.get(i);
                if ("properties".equals(s) || "patternProperties".equals(s) || "prefixItems".equals(s)) {
                    consumed++;
                    i++;
                } else if ("dependentSchemas".equals(s) || "$defs".equals(s)) {
                    i++;
                } else if (CHILD_KEYWORDS.contains(s)) {
                    consumed++;
                }
            }
            if (eval.size() == at + 1) consumed = 0; // the combinator's own message
            return instance.getNameCount() - consumed;
        }

        JsonNodePath instanceAtDepth(int depth) {
            JsonNodePath p = instance;
            while (p.getNameCount() > depth && p.getParent() != null) p = p.getParent();
            return p;
        }

        String instancePointer() {
            return instance.toString();
        }

        DocumentPath path() {
            DocumentPath p = DocumentPath.ROOT;
            for (int i = 0; i < instance.getNameCount(); i++) {
                Object e = instance.getElement(i);
                p = e instanceof Integer idx ? p.index(idx) : p.key(String.valueOf(e));
            }
            String k = keyword();
            if (!combinator && ("additionalProperties".equals(k) || "required".equals(k) || "propertyNames".equals(k)) && message.getProperty() != null) {
                p = p.key(message.getProperty());
            }
            return p;
        }

        private static boolean isIndex(String s) {
            return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
        }
    }
}
