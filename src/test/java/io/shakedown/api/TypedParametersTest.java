package io.shakedown.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.ReportFormat;
import io.shakedown.report.Verdict;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.junit.jupiter.api.Test;

/** The converter of typed parameters on its own (no Quarkus): what converts, what a refusal says, what is left alone. */
class TypedParametersTest {

    @SuppressWarnings("unused")
    static void endpoint(@RestQuery("limit") @DefaultValue("20") @Min(1) @Max(200) int limit, @RestPath("id") UUID id,
                         @RestQuery("verdict") Verdict verdict, @RestQuery("format") ReportFormat format,
                         @RestQuery("wait") @Min(value = 0, message = "must be seconds >= 0") Integer wait,
                         @RestQuery Integer unnamed, @RestForm int form, @RestQuery("app") String app) {}

    static Parameter parameter(int index) throws Exception {
        Method m = TypedParametersTest.class.getDeclaredMethod("endpoint", int.class, UUID.class, Verdict.class, ReportFormat.class,
                Integer.class, Integer.class, int.class, String.class);
        return m.getParameters()[index];
    }

    @SuppressWarnings("unchecked")
    static <T> ParamConverter<T> converter(int index) throws Exception {
        Parameter p = parameter(index);
        return (ParamConverter<T>) new TypedParameters().getConverter(p.getType(), p.getParameterizedType(), p.getAnnotations());
    }

    static ProblemException refusal(ParamConverter<?> c, String text) {
        return assertThrows(ProblemException.class, () -> c.fromString(text));
    }

    @Test
    void convertsAndRefusesNamingTheParameterAndWhatItAccepts() throws Exception {
        ParamConverter<Integer> limit = converter(0);
        assertEquals(5, limit.fromString(" 5 "));
        assertEquals(20, limit.fromString(""), "blank is absent: the default");
        assertEquals("limit: must be a whole number from 1 to 200, got: ten", refusal(limit, "ten").problem().detail());
        assertEquals("limit", refusal(limit, "1.5").problem().errors().getFirst().path());

        ParamConverter<UUID> id = converter(1);
        UUID u = UUID.randomUUID();
        assertEquals(u, id.fromString(u.toString()));
        assertEquals("id: must be a UUID, got: 42", refusal(id, "42").problem().detail());

        ParamConverter<Verdict> verdict = converter(2);
        assertEquals(Verdict.PASSED, verdict.fromString("passed"));
        assertNull(verdict.fromString(" "), "blank without a default is absent");
        assertEquals("verdict: must be one of PASSED, FAILED, ERROR, CANCELLED (any case), got: GREEN",
                refusal(verdict, "GREEN").problem().detail());

        ParamConverter<ReportFormat> format = converter(3);
        assertEquals(ReportFormat.MARKDOWN, format.fromString("md"));
        assertEquals("format: must be one of json, junit, sarif, markdown, html, got: pdf", refusal(format, "pdf").problem().detail());

        assertEquals("wait: must be seconds >= 0, got: soon", refusal(converter(4), "soon").problem().detail(),
                "a constraint's own message is the wording");
    }

    @Test
    void anUnnamedTypedQueryParameterFailsAtStartupAndTextAndFormsAreLeftAlone() throws Exception {
        var e = assertThrows(IllegalStateException.class, () -> converter(5));
        assertTrue(e.getMessage().contains("@RestQuery(\"limit\")"), e.getMessage());
        assertNull(converter(6), "form parameters keep the framework's converter");
        assertNull(converter(7), "text stays text");
    }
}
