package io.shakedown.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code ?image=} / {@code submit --image} keep the spec's YAML meaning: it goes through the spec's own reader. */
class TargetOverrideTest {

    @Test
    void anchorsMergeKeysAndYaml12BooleansMeanTheSameAfterAnOverride() throws Exception {
        String yaml = """
                app: override
                target:
                  image: old:1
                  port: 8080
                  env: { FEATURE: yes, MODE: off, LEVEL: "on" }
                checks:
                  - name: items
                    request: &json-get { method: GET, path: /api/items, headers: { Accept: application/json } }
                  - name: health
                    request:
                      <<: *json-get
                      path: /health
                """;
        var parser = new SpecParser();
        ValidationSpec before = parser.parse(yaml);
        ValidationSpec after = parser.parse(TargetOverride.apply(yaml, "new:2", null));
        assertEquals("new:2", after.target().image());
        assertEquals(before.target().env(), after.target().env());
        assertEquals("yes", after.target().env().get("FEATURE"), "YAML 1.2: yes is text");
        assertEquals("off", after.target().env().get("MODE"));
        assertEquals(before.checks(), after.checks());
        assertEquals("/health", after.checks().get(1).request().path());
        assertEquals("application/json", after.checks().get(1).request().headers().get("Accept"), "merge key resolved");
    }
}
