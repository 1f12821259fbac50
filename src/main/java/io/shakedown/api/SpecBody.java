package io.shakedown.api;

import io.shakedown.document.DocumentError;
import jakarta.ws.rs.core.Response.Status;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Turns a submitted body into spec text, refusing what no parser should see (too big, empty, binary). */
final class SpecBody {

    private SpecBody() {}

    static String decode(byte[] body, long maxBytes) {
        if (body != null && body.length > maxBytes) {
            throw ProblemException.of(Status.REQUEST_ENTITY_TOO_LARGE, "spec-too-large",
                    "the spec is " + body.length + " bytes; the limit is " + maxBytes + " (shakedown.max-spec-size)");
        }
        if (body == null || body.length == 0) throw notASpec("the body is empty; send the spec as YAML or JSON");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw notASpec("the body is not UTF-8 text");
        }
        if (text.indexOf('\0') >= 0) throw notASpec("the body contains NUL characters; it looks binary, not YAML or JSON");
        if (text.isBlank()) throw notASpec("the body is blank; send the spec as YAML or JSON");
        return text;
    }

    /** "json" for a spec sent as JSON (by content type; as text/plain or inside an envelope: when it looks like JSON), else "yaml". */
    static String format(String contentType, String text) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) return "json";
        boolean sniff = type.startsWith("text/plain") || type.startsWith(Submission.MEDIA_TYPE);
        return sniff && text.stripLeading().startsWith("{") ? "json" : "yaml";
    }

    static ProblemException invalidSpec(List<DocumentError> errors) {
        var detail = new StringBuilder();
        errors.stream().limit(5).forEach(e -> detail.append(detail.isEmpty() ? "" : "\n").append(e));
        if (errors.size() > 5) detail.append("\n(and ").append(errors.size() - 5).append(" more)");
        return new ProblemException(new Problem(Problem.TYPE_BASE + "invalid-spec", "Invalid spec", 400,
                detail.toString(), null, errors));
    }

    private static ProblemException notASpec(String message) {
        return invalidSpec(List.of(new DocumentError("", message, null)));
    }
}
