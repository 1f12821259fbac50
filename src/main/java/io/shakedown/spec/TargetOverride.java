package io.shakedown.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shakedown.document.DocumentReader;
import java.io.IOException;
import java.util.List;

/**
 * The spec's target replaced by another image or URL, the rest kept: {@code ?image=} / {@code ?url=} on submit,
 * {@code shakedown submit --image/--url} and {@code shakedown validate --image/--url} (how a pipeline validates the
 * tag it just built with the spec in its repository). The spec is read by the same {@link DocumentReader} as every
 * spec; the result is the spec as JSON, parsed again by the caller, so a bad override is reported like any bad spec.
 */
public final class TargetOverride {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that only make sense for a container Shakedown starts. */
    private static final List<String> IMAGE_ONLY = List.of("image", "port", "env", "command", "resources", "pull");

    private TargetOverride() {}

    /** An override that cannot be applied; {@code parameter} is "image" or "url". */
    public static final class InvalidOverride extends RuntimeException {
        private final String parameter;

        InvalidOverride(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** {@code specText} must have parsed as a spec already; {@code image} and {@code url} may be null (no override). */
    public static String apply(String specText, String image, String url) {
        if (image != null && url != null) throw new InvalidOverride("image", "give image or url, not both");
        if (image != null && image.isBlank()) throw new InvalidOverride("image", "must not be empty");
        if (url != null && url.isBlank()) throw new InvalidOverride("url", "must not be empty");
        if (image == null && url == null) return specText;
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
