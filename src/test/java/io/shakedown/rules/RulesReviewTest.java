package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/rules.md's per-rule review lists every built-in rule once, with the severity it really has. */
class RulesReviewTest {
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\| (error|warning|info) \\|");

    @Test
    void theReviewTableListsEveryRuleWithItsSeverity() throws Exception {
        String doc = Files.readString(Path.of("docs/rules.md"));
        String review = doc.substring(doc.indexOf("### Review: what each rule needs to fail a run"), doc.indexOf("### Values a message can quote"));
        Map<String, String> documented = new TreeMap<>();
        Matcher m = ROW.matcher(review);
        while (m.find()) documented.merge(m.group(1), m.group(2), (a, b) -> a + ", listed twice");
        Map<String, String> actual = new TreeMap<>();
        RuleSet.builtIn().rules().forEach(r -> actual.put(r.id(), r.severity().id()));
        assertEquals(actual, documented);
    }
}
