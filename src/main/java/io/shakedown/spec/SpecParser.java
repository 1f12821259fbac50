package io.shakedown.spec;

import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a spec from YAML or JSON text, checks it, and fills in defaults. The format is documented in
 * docs/spec.md; its structure is published as a JSON Schema ({@link SpecSchema}).
 *
 * <p>Every problem is reported at once, each with the path of the field ({@code checks[2].expect.status})
 * and its line. No input makes this class throw anything but {@link SpecException}. Instances are
 * stateless and thread-safe.
 */
public final class SpecParser {

    private static final Comparator<SpecError> SOURCE_ORDER =
            Comparator.comparing(SpecError::line, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Parses YAML or JSON (JSON is YAML); every problem found is reported at once in the exception. */
    public ValidationSpec parse(String text) throws SpecException {
        return parse(text, SpecFiles.NONE);
    }

    /** Parses a spec whose {@code expect.schema: file.json} references are read from {@code files}. */
    public ValidationSpec parse(String text, SpecFiles files) throws SpecException {
        List<SpecError> errors = new ArrayList<>();
        ValidationSpec spec;
        try {
            SpecReader.Document doc = SpecReader.read(text);
            errors.addAll(doc.errors());
            if (doc.root() == null) throw new SpecException(errors);
            errors.addAll(SpecSchema.check(doc.root(), doc.lines()));
            if (!errors.isEmpty()) throw new SpecException(errors);
            SpecBuilder builder = new SpecBuilder(doc.lines(), doc.rawScalars(), files);
            spec = builder.build(doc.root());
            errors.addAll(builder.errors());
            // what the HTTP client or Docker would refuse mid-run is refused now (separate from the structure checks)
            for (SpecError e : SendableRequests.check(doc.root(), builder::lineOf)) {
                if (errors.stream().noneMatch(x -> x.path().equals(e.path()))) errors.add(e);
            }
        } catch (SpecException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: a bug must still come out as a spec problem, never as a stack trace.
            throw new SpecException(List.of(new SpecError("", "could not read the spec (internal error: "
                    + e.getClass().getSimpleName() + ")", null)));
        }
        if (!errors.isEmpty() || spec == null) {
            if (errors.isEmpty()) errors.add(new SpecError("", "is not a valid spec", null));
            var sorted = new ArrayList<>(errors.stream().distinct().toList());
            sorted.sort(SOURCE_ORDER);
            throw new SpecException(sorted);
        }
        return spec;
    }

    private static SpecPath toPath(JsonNodePath location) {
        SpecPath p = SpecPath.ROOT;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            p = element instanceof Integer idx ? p.index(idx) : p.key(String.valueOf(element));
        }
        return p;
    }

    /** Same field, or one inside the other. */
    private static boolean related(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) return a.equals(b);
        return a.equals(b) || startsWithSegment(a, b) || startsWithSegment(b, a);
    }

    private static boolean startsWithSegment(String longer, String prefix) {
        return longer.startsWith(prefix) && (longer.charAt(prefix.length()) == '.' || longer.charAt(prefix.length()) == '[');
    }

    private static String schemaMessage(ValidationMessage m) {
        String message = m.getMessage();
        int colon = message.indexOf(": ");
        return "does not match the spec schema (" + m.getType() + "): " + (colon >= 0 ? message.substring(colon + 2) : message);
    }
}
