package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void whatPostgresOrXmlRefuseBecomesTheReplacementCharacter() {
        assertEquals("a\uFFFDb\tc\nd\re\uFFFD\uFFFD", SafeText.clean("a\u0000b\tc\nd\re\u001b\uD800"));
        String fine = "plain text, ünïcödé and 😀";
        assertSame(fine, SafeText.clean(fine), "clean text is not copied");
    }

    @Test
    void invalidUtf8IsDecodedWithReplacements() {
        assertEquals("caf\uFFFD \uFFFD", SafeText.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x80}, 0, 6));
    }

    @Test
    void binaryBodiesAreDescribedNotDecoded() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        assertEquals("binary body (image/png, 12 bytes); first 12 bytes: 89504e470d0a1a0a0000000d",
                SafeText.bodyExcerpt(png, png.length, png.length, "image/png", 2048));
        byte[] withNul = "abc\u0000def".getBytes(StandardCharsets.UTF_8);
        assertTrue(SafeText.bodyExcerpt(withNul, withNul.length, 5000, "text/plain", 2048)
                .startsWith("binary body (text/plain, 5000 bytes); first 7 bytes: 61626300646566…"));
        byte[] json = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(SafeText.looksBinary(json, json.length, "application/octet-stream".replace("octet-stream", "json")));
        assertTrue(SafeText.looksBinary(json, json.length, "application/x-protobuf"));
        byte[] latin1 = "déjà vu, ça va".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(SafeText.looksBinary(latin1, latin1.length, null), "a few stray bytes are still text");
    }

    @Test
    void everyStringOfAReportIsCleaned() {
        var report = new Report(1, "r", "app\u0000", "ci", Verdict.FAILED, "s\u0007", null, null, null, 0, List.of(), null,
                List.of(new Report.CheckResult("c", StageStatus.FAILED, 0, null,
                        new Report.ResponseEvidence(200, Map.of("x-\u0000", List.of("v\u0000")), "b\u0000", 1, false), List.of(), "f\u0000")),
                null, null, null, null, null, null, null, null);
        var clean = SafeText.clean(report);
        String json = ReportJson.write(clean);
        assertFalse(json.contains("\\u0000") || json.contains("\\u0007"), json);
        assertEquals("app\uFFFD", clean.app());
        assertEquals(List.of("v\uFFFD"), clean.checks().get(0).response().headers().get("x-\uFFFD"));
    }
}
