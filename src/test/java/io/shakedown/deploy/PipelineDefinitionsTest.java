package io.shakedown.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What GitHub and GitLab read before any step runs: the Action's definition, the workflows and the GitLab template
 * are YAML that parses (a description with an unquoted ": " once made action.yml unreadable), every input of the
 * Action reaches its script and every INPUT_ variable the script reads is an input, and the release workflow
 * builds the distribution the Action downloads. The scripts themselves run in DistributionIT and PipelineIT.
 */
class PipelineDefinitionsTest {
    static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyWorkflowAndTemplateParses() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(Path.of(".github/workflows")),
                Stream.of(Path.of(".github/actions/shakedown/action.yml"), Path.of(".gitlab/shakedown.gitlab-ci.yml")))) {
            for (Path f : files.toList()) assertTrue(YAML.readTree(f.toFile()).isObject(), f + " is not a YAML mapping");
        }
    }

    @Test
    void theActionsInputsAndItsScriptsVariablesAreTheSame() throws IOException {
        JsonNode action = YAML.readTree(Path.of(".github/actions/shakedown/action.yml").toFile());
        Set<String> declared = new TreeSet<>();
        action.get("inputs").fieldNames().forEachRemaining(n -> declared.add("INPUT_" + n.toUpperCase(Locale.ROOT).replace('-', '_')));
        JsonNode step = null;
        for (JsonNode s : action.at("/runs/steps")) if ("shakedown".equals(s.path("id").asText())) step = s;
        Set<String> passed = new TreeSet<>();
        step.get("env").fieldNames().forEachRemaining(n -> { if (n.startsWith("INPUT_")) passed.add(n); });
        assertEquals(declared, passed, "every input is handed to the script, and nothing else as INPUT_");
        Set<String> read = new TreeSet<>();
        var m = Pattern.compile("\\bINPUT_[A-Z_]+").matcher(Files.readString(Path.of(".github/actions/shakedown/shakedown.sh")));
        while (m.find()) read.add(m.group());
        assertEquals(declared, read, "the script reads exactly the declared inputs");
        assertFalse(action.at("/inputs/server/required").asBoolean(), "server is optional: without it the Action validates on the runner");
    }

    @Test
    void theReleaseAttachesTheDistributionTheActionDownloads() throws IOException {
        String release = Files.readString(Path.of(".github/workflows/release.yml"));
        assertTrue(release.contains("scripts/build-dist.sh"), "the release builds the distribution with the tested script");
        assertTrue(release.contains("shakedown-${VERSION}.tar.gz") || release.contains("target/dist/"), release);
        String script = Files.readString(Path.of(".github/actions/shakedown/shakedown.sh"));
        assertTrue(script.contains("releases/download/$version/shakedown-${version#v}.tar.gz"), "the Action downloads what build-dist.sh names");
        JsonNode gitlab = YAML.readTree(Path.of(".gitlab/shakedown.gitlab-ci.yml").toFile()).get(".shakedown");
        assertEquals("shakedown-reports/junit.xml", gitlab.at("/artifacts/reports/junit").asText());
    }
}
