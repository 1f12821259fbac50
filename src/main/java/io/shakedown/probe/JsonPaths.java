package io.shakedown.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/** JSONPath (Jayway) over Jackson trees: what a check's JSON assertions and a flow's JSON captures both read. */
public final class JsonPaths {
    private static final Configuration ON_JACKSON_TREES = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .build();

    private JsonPaths() {}

    /** The value at {@code path} in {@code tree} (a JSON null as a null node); throws when the path is absent. */
    public static JsonNode read(JsonNode tree, String path) throws PathNotFoundException {
        return JsonPath.using(ON_JACKSON_TREES).parse(tree).read(path, JsonNode.class);
    }
}
