package io.shakedown.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ${...} templates of flows and checks, parsed: each kind of reference, literals, escapes, and what is refused. */
class TemplateTest {

    @Test
    void splitsLiteralsAndEachKindOfReference() throws Exception {
        var t = Template.parse("Bearer ${token} for ${secrets.API_KEY} at ${steps[1].response.headers.Location} id=${uuid}");
        assertEquals(List.of(
                new Template.Literal("Bearer "), new Template.Capture("token", "token"),
                new Template.Literal(" for "), new Template.Secret("secrets.API_KEY", "API_KEY"),
                new Template.Literal(" at "), new Template.StepRef("steps[1].response.headers.Location", 1, "response", "headers", "Location"),
                new Template.Literal(" id="), new Template.Generator("uuid")), t.parts());
    }

    @Test
    void dollarDollarBraceIsALiteral() throws Exception {
        assertEquals(List.of(new Template.Literal("price: ${amount}")), Template.parse("price: $${amount}").parts());
        assertEquals(List.of(), Template.parse("").parts());
    }

    @Test
    void refusesWhatItCannotResolveAndSaysWhy() {
        record Case(String text, String fragment) {}
        for (var c : List.of(
                new Case("${", "unterminated ${ at position 0"),
                new Case("x ${}", "empty ${}"),
                new Case("${random.name}", "the generators are uuid, random.email, random.password, timestamp"),
                new Case("${steps[0].reply.json}", "a step reference looks like"),
                new Case("${steps[0].request.cookies}", "steps[N].request has path, body, json, headers, query, not cookies"),
                new Case("${steps[0].response.headers}", "name the header"),
                new Case("${steps[0].response.status.code}", "has no fields"),
                new Case("${a-b}", "not a generator"))) {
            var e = assertThrows(Template.Invalid.class, () -> Template.parse(c.text()), c.text());
            assertTrue(e.getMessage().contains(c.fragment()), c.text() + ": " + e.getMessage());
        }
    }
}
