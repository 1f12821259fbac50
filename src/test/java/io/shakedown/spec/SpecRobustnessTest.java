package io.shakedown.spec;

import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import static io.shakedown.spec.SpecTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The parser never throws anything but DocumentException, and stays fast on hostile input. */
class SpecRobustnessTest {

    private final SpecParser parser = new SpecParser();

    @BeforeAll
    static void warmUp() throws DocumentException {
        // class loading and schema compilation happen once per JVM; keep them out of the timed parts
        new SpecParser().parse(resource("full.yaml"));
    }

    /** Parses; only a valid spec or a DocumentException with sensible errors is allowed. */
    private void survive(String text) {
        try {
            parser.parse(text);
        } catch (DocumentException e) {
            assertFalse(e.errors().isEmpty());
            for (DocumentError error : e.errors()) {
                assertFalse(error.message().contains("internal error"), () -> "parser bug on input " + abbreviate(text) + ": " + error);
                assertFalse(error.message().contains("Exception"), () -> "exception name leaked: " + error);
            }
        } catch (Throwable t) {
            fail("threw " + t + " for input " + abbreviate(text), t);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Test
    void hostileInputIsRejectedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            var random = new Random(42);
            for (String valid : List.of(resource("full.yaml"), resource("full.json"))) {
                // every truncation point of a valid spec, and some with a random character changed
                for (int i = 0; i < valid.length(); i += 11) {
                    survive(valid.substring(0, i));
                }
                for (int i = 0; i < 40; i++) {
                    char[] chars = valid.toCharArray();
                    chars[random.nextInt(chars.length)] = "{}[]:,-'\"&*!|>#\t\n x0".charAt(random.nextInt(20));
                    survive(new String(chars));
                }
            }
            for (int i = 0; i < 60; i++) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                survive(new String(bytes, StandardCharsets.ISO_8859_1));
                survive(new String(bytes, StandardCharsets.UTF_8));
            }
            survive(null);
            survive("\u0000");
            survive("\uFEFFapp: a");
        });
    }

    @Test
    void deepNesting() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            survive("a: ".repeat(1) + "[".repeat(10_000) + "]".repeat(10_000));
            survive("[".repeat(100_000));
            survive("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
            var sb = new StringBuilder();
            for (int i = 0; i < 500; i++) sb.append(" ".repeat(i)).append("k:\n");
            survive(sb.toString());
            assertTrue(rejects("checks:\n  - name: x\n    request: { path: /, json: " + "[".repeat(200) + "]".repeat(200) + " }\n")
                    .contains("nested too deeply"));
        });
    }

    @Test
    void aMegabyteString() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            String big = "x".repeat(1_000_000);
            survive(big);
            survive("app: " + big + "\ntarget: { image: a, port: 1 }\n");
            survive("app: a\ntarget: { image: a, port: 1 }\nchecks:\n  - name: big\n    request: { path: /, body: \"" + big + "\" }\n");
            survive("{\"app\": \"" + big + "\"}");
            survive("# " + big);
            survive("x".repeat(3_000_000));
        });
    }

    @Test
    void aTwentyKilobytePathIsReadNotAStackOverflow() throws DocumentException {
        String path = "/" + "a/b%20c".repeat(3000); // 21 KB of path characters and escapes
        String spec = "app: a\ntarget: { image: a, port: 1 }\nchecks:\n  - name: long\n    request: { path: \"%s\" }\n";
        assertEquals(path, parser.parse(spec.formatted(path)).checks().getFirst().request().path());
        // and one that cannot be sent is refused at its position, the same way
        DocumentException e = org.junit.jupiter.api.Assertions.assertThrows(DocumentException.class,
                () -> parser.parse(spec.formatted(path + " x")));
        assertTrue(e.errors().getFirst().message().contains("a space at position " + (path.length() + 1)), e.errors().toString());
    }

    @Test
    void billionLaughsIsStopped() {
        var sb = new StringBuilder("app: a\ntarget: { image: a, port: 1 }\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            sb.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            sb.append("]\n");
        }
        // only two aliases per level: stays under SnakeYAML's alias count, so the value budget must stop it
        var doubling = new StringBuilder("app: a\ntarget: { image: a, port: 1 }\ny0: &b0 [lol, lol]\n");
        for (int i = 1; i < 24; i++) {
            doubling.append("y").append(i).append(": &b").append(i).append(" [*b").append(i - 1).append(", *b").append(i - 1).append("]\n");
        }
        String recursive = "app: &r\n  - *r\n";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            survive(sb.toString());
            survive(doubling.toString());
            survive(recursive);
            String message = rejects(doubling.toString());
            assertTrue(message.contains("too large"), message);
        });
    }

    @Test
    void aliasesWithinBudgetStillWork() throws DocumentException {
        var spec = parser.parse("""
                app: a
                target: { image: a, port: 1 }
                checks:
                  - name: one
                    request: { path: /, headers: &h { Accept: text/plain } }
                  - name: two
                    request: { path: /, headers: *h }
                """);
        assertEquals("text/plain", spec.checks().get(1).request().headers().get("Accept"));
    }

    private String rejects(String text) {
        try {
            parser.parse(text);
        } catch (DocumentException e) {
            return e.getMessage();
        }
        return fail("accepted");
    }
}
