package io.shakedown.spec;

import io.shakedown.document.DocumentReader;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a spec from YAML or JSON text, checks it, and fills in defaults. The format is documented in
 * docs/spec.md; its structure is the published JSON Schema ({@link SpecSchema}).
 *
 * <p>Four steps, each only on what the one before accepted: the text is read with a line for every value
 * ({@link DocumentReader}); the schema checks the structure; {@link SpecSemantics} checks what a schema cannot say;
 * Jackson binds the tree to the records ({@link SpecBinding}). The problems of a step are reported all at once,
 * in source order, each with the path of the field ({@code checks[2].expect.status}) and its line. No input makes
 * this class throw anything but {@link DocumentException}. Instances are stateless and thread-safe.
 */
public final class SpecParser {

    private static final AtomicBoolean WARMING = new AtomicBoolean();
    private static final Comparator<DocumentError> SOURCE_ORDER =
            Comparator.comparing(DocumentError::line, Comparator.nullsFirst(Comparator.naturalOrder()));

    /**
     * Starts the two one-time costs of the first parse in a JVM on other threads: compiling the spec's JSON Schema
     * (~100 ms) and Jackson learning the records (~60 ms). The one-shot command calls this as it starts, so both are
     * done while it reads its arguments and the file; {@link #parse} calls it too. Later calls do nothing. The
     * classes initialise on those threads, so the caller does not wait for them.
     */
    public static void prepareInBackground() {
        if (!WARMING.compareAndSet(false, true)) return;
        Thread.ofPlatform().daemon().name("spec-schema-compile").start(SpecSchema::json);
        Thread.ofPlatform().daemon().name("spec-binding-warm-up").start(SpecBinding::warmUp);
    }

    /** Parses YAML or JSON (JSON is YAML); every problem found is reported at once in the exception. */
    public ValidationSpec parse(String text) throws DocumentException {
        return parse(text, SpecFiles.NONE);
    }

    /** Parses a spec whose {@code expect.schema: file.json} references are read from {@code files}. */
    public ValidationSpec parse(String text, SpecFiles files) throws DocumentException {
        prepareInBackground();
        try {
            DocumentReader.Document doc = DocumentReader.read(text);
            refuse(doc.errors());
            if (doc.root() instanceof ObjectNode root) refuse(ComposeImport.expand(root, doc.lines(), files));
            refuse(SpecSchema.check(doc.root(), doc.lines()));
            var semantics = new SpecSemantics(doc.lines(), doc.rawScalars(), files);
            semantics.check((ObjectNode) doc.root());
            refuse(semantics.errors);
            return SpecBinding.bind(doc.root(), semantics.lint);
        } catch (DocumentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: a bug must still come out as a spec problem, never as a stack trace.
            throw new DocumentException(List.of(new DocumentError("", "could not read the spec (internal error: "
                    + e.getClass().getSimpleName() + ")", null)));
        }
    }

    private static void refuse(List<DocumentError> errors) throws DocumentException {
        if (errors.isEmpty()) return;
        var sorted = new ArrayList<>(errors.stream().distinct().toList());
        sorted.sort(SOURCE_ORDER);
        throw new DocumentException(sorted);
    }
}
