package io.shakedown.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.run.RunEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every form a secret's value takes on its way through HTTP, JSON and logs is masked; nothing else is. */
class RedactorTest {
    static final String SECRET = "p@ss word\"/é";
    final Redactor redactor = Redactor.of(List.of(SECRET));

    @Test
    void masksTheValueInEveryForm() {
        List<String> forms = List.of(
                SECRET,
                "p%40ss+word%22%2F%C3%A9", // URL-encoded (form)
                "p%40ss%20word%22%2F%C3%A9", // URL-encoded (path/query with %20)
                "p@ss word\\\"/é", // JSON string
                "p@ss word\\\\\\\"/é", // JSON inside JSON
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8))); // Basic auth
        for (String form : forms) {
            String text = "before " + form + " after";
            assertEquals("before *** after", redactor.redact(text), form);
        }
    }

    @Test
    void leavesOtherTextAloneAndHandlesNothingToHide() {
        assertEquals("nothing secret here", redactor.redact("nothing secret here"));
        assertEquals("p@ss", redactor.redact("p@ss"));
        assertTrue(Redactor.of(List.of("", "")).isEmpty());
        assertEquals("x", Redactor.NONE.redact("x"));
    }

    @Test
    void wrapsAListenerSoEventsArriveMasked() {
        var seen = new ArrayList<RunEvent>();
        redactor.wrap(seen::add).onEvent(RunEvent.of("log", "start", null, "token=" + SECRET));
        assertEquals(1, seen.size());
        assertFalse(seen.getFirst().toString().contains(SECRET), seen.toString());
        assertTrue(seen.getFirst().message().contains("***"), seen.toString());
    }
}
