package io.shakedown.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema-to-message translation on a small schema, without the spec format around it. */
class SchemaCheckTest {

    private static final SchemaCheck TOY = SchemaCheck.fromClasspath("/schema-check/toy.schema.json");

    private static List<String> problems(String yaml) {
        DocumentReader.Document doc = DocumentReader.read(yaml);
        return TOY.check(doc.root(), doc.lines()).stream().map(DocumentError::toString).toList();
    }

    @Test
    void aValidDocumentHasNoProblems() {
        assertEquals(List.of(), problems("name: abc\nsize: 2\nlimit: [1, 2]\nsource: { url: x }\n"));
    }

    @Test
    void theSchemasWordingWinsAndTheValueIsNamed() {
        assertEquals(List.of("name: must be lowercase letters, got \"ABC\" (line 1)"), problems("name: ABC\n"));
    }

    @Test
    void plainKeywordsReadAsSentences() {
        assertEquals(List.of("size: must be at least 1, got 0 (line 2)", "mode: must be one of fast, slow, got \"fsat\"; did you mean \"fast\"? (line 3)"),
                problems("name: a\nsize: 0\nmode: fsat\n"));
        assertEquals(List.of("size: must be an integer, got \"big\" (line 2)"), problems("name: a\nsize: big\n"));
    }

    @Test
    void unknownFieldsSuggestTheNearestAndATypoHidesTheMissingField() {
        assertEquals(List.of("nmae: unknown field; did you mean \"name\"? (line 1)"), problems("nmae: a\n"));
        assertEquals(List.of("colour: unknown field; allowed here: name, size, mode, limit, source, schedule, token, labels (line 2)"),
                problems("name: a\ncolour: red\n"));
        // a then's required field is not reported when the field its if asks about is misspelt
        assertEquals(List.of("schedule.crn: unknown field; did you mean \"cron\"? (line 2)"), problems("name: a\nschedule: { crn: x }\n"));
        assertEquals(List.of("schedule.every: required (line 2)"), problems("name: a\nschedule: {}\n"));
    }

    @Test
    void ofAnAnyOfOnlyTheBranchWithTheValuesShapeSpeaks() {
        // a list: the list branch's own problem, at the item
        assertEquals(List.of("limit[1]: must be at least 0, got -1 (line 2)"), problems("name: a\nlimit: [1, -1]\n"));
        // neither shape: the combinator's wording
        assertEquals(List.of("limit: must be a count or a list of counts, got \"many\" (line 2)"), problems("name: a\nlimit: many\n"));
    }

    @Test
    void aOneOfOfRequiredFieldsIsOneMessage() {
        assertEquals(List.of("source: must have exactly one of file or url (line 2)"), problems("name: a\nsource: { file: a, url: b }\n"));
        assertEquals(List.of("source: must have exactly one of file or url (line 2)"), problems("name: a\nsource: {}\n"));
    }

    @Test
    void propertyNameProblemsPointAtTheName() {
        assertEquals(List.of("labels.Team: must be a lowercase label (line 2)"), problems("name: a\nlabels: { Team: x }\n"));
    }

    @Test
    void aWriteOnlyValueIsNeverRepeated() {
        assertEquals(List.of("token: must be at least 8 characters (line 2)"), problems("name: a\ntoken: hunter2\n"));
    }

    @Test
    void aMissingTopLevelFieldHasNoLine() {
        assertEquals(List.of("name: required"), problems("size: 1\n"));
    }
}
