package io.shakedown.spec;

import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

final class SpecTestSupport {
    private SpecTestSupport() {}

    static String resource(String name) {
        try (InputStream in = SpecTestSupport.class.getResourceAsStream("/spec/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static ValidationSpec parse(String text) {
        try {
            return new SpecParser().parse(text);
        } catch (DocumentException e) {
            return fail("expected a valid spec, got:\n" + e.getMessage());
        }
    }

    static List<DocumentError> errors(String text) {
        try {
            new SpecParser().parse(text);
        } catch (DocumentException e) {
            return e.errors();
        }
        return fail("expected errors, but the spec was accepted:\n" + text);
    }
}
