package io.shakedown.api;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shakedown.document.DocumentReader;
import java.util.List;

/**
 * {@code ?image=} / {@code ?url=} on submit (and {@code shakedown submit --image/--url}): the spec's target replaced,
 * the rest kept, read by the same {@link DocumentReader} as every spec. The result is the spec as JSON (it is parsed again, so a bad override is a 400 like any bad spec).
 */
final class TargetOverride {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that only make sense for a container Shakedown starts. */
    private static final List<String> IMAGE_ONLY = List.of("image", "port", "env", "command", "resources", "pull");

    private TargetOverride() {}

    static String apply(String specText, String image, String url) {
        if (image != null && url != null) throw ProblemException.badParameter("image", "give image or url, not both");
        if (image != null && image.isBlank()) throw ProblemException.badParameter("image", "must not be empty");
        if (url != null && url.isBlank()) throw ProblemException.badParameter("url", "must not be empty");
        try {
            // the spec's own reader, so the stored JSON means what the YAML meant: anchors and merge keys resolved,
            // YAML 1.2 booleans (yes/no/on/off stay text), exactly as when the spec was parsed
            JsonNode root = DocumentReader.read(specText).root(); // the spec parsed already, so this is a mapping
            ObjectNode target = root.has("target") && root.get("target").isObject()
                    ? (ObjectNode) root.get("target") : ((ObjectNode) root).putObject("target");
            if (image != null) {
                target.remove("url");
                target.put("image", image.trim());
            } else {
                IMAGE_ONLY.forEach(target::remove);
                target.put("url", url.trim());
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("a spec that parsed did not read as a tree", e);
        }
    }
}
