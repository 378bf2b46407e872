package org.loyaltyhub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Declarative files besides JSONata mappings that have golden examples of their own (operation tables):
 * {@link GoldenExamples} hands them the examples whose case name starts with one of their ids.
 */
public interface ExampleRunner {

    /** The id ({@code <system>/<name>}) of what this example exercises, when it is this runner's. */
    Optional<String> idFor(String system, String caseName);

    /** The result for the example's input; {@code config} is its {@code $config}. */
    JsonNode run(String id, JsonNode input, Map<String, Object> config);

    /** The canonical entity the results are, checked against its schema; empty when they are not canonical. */
    Optional<String> producesEntity(String id);
}
