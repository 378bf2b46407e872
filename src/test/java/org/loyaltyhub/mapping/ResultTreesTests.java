package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The engine's result trees are {@code valueToTree(convertNulls(result))}, whatever the mapper and the result; no
 * result (nothing, or JSON null alone) is none, which the engine reports as "produced nothing".
 */
class ResultTreesTests {

    @Test
    void theDirectBuildIsTheMappersOwnForEveryKindOfResult() {
        ObjectMapper json = MappingEngine.resultMapper(new ObjectMapper());
        ResultTrees trees = new ResultTrees(json);
        assertThat(trees.direct()).isTrue();
        for (Supplier<Object> result : results()) {
            assertSame(trees, json, result);
        }
    }

    @Test
    void aMapperThatBuildsOtherwiseGetsItsOwnTrees() {
        List<ObjectMapper> mappers = List.of(
                new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS),
                new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS),
                new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS),
                new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.NON_NULL)));
        for (ObjectMapper mapper : mappers) {
            ObjectMapper json = MappingEngine.resultMapper(mapper);
            ResultTrees trees = new ResultTrees(json);
            assertThat(trees.direct()).as("direct build for " + mapper.getSerializationConfig()).isFalse();
            for (Supplier<Object> result : results()) {
                assertSame(trees, json, result);
            }
        }
    }

    private static void assertSame(ResultTrees trees, ObjectMapper json, Supplier<Object> result) {
        String expected = outcome(() -> {
            Object converted = Utils.convertNulls(result.get());
            return converted == null ? null : json.valueToTree(converted);
        });
        assertThat(outcome(() -> trees.of(result.get()))).isEqualTo(expected);
    }

    /** The tree with the class of every node, or the failure. */
    private static String outcome(Supplier<JsonNode> tree) {
        try {
            JsonNode node = tree.get();
            return node == null ? "none" : node + " " + types(node);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String types(JsonNode node) {
        StringBuilder types = new StringBuilder(node.getClass().getSimpleName());
        node.forEach(child -> types.append(' ').append(types(child)));
        return types.toString();
    }

    /** Fresh each time: converting nulls changes a result in place. */
    private static List<Supplier<Object>> results() {
        return List.of(
                () -> null,
                () -> Jsonata.NULL_VALUE,
                () -> "text",
                () -> 1,
                () -> 5L,
                () -> 1.5,
                () -> -0.0,
                () -> true,
                () -> new BigDecimal("1.50"),
                () -> new BigInteger("123456789012345678901234567890"),
                () -> 2.5f,
                () -> (short) 3,
                () -> map("a", 1, "b", null, "c", Jsonata.NULL_VALUE, "d", list(Jsonata.NULL_VALUE, null, 2L)),
                () -> map("z", map("y", list(map("x", new BigDecimal("7.00")))), "a", "first"),
                () -> list(),
                () -> map(),
                () -> list(map("k", 'c')),
                () -> nonStringKeys(),
                () -> Utils.createSequence("in a sequence"));
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    private static Map<Object, Object> nonStringKeys() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1, "one");
        map.put("two", 2);
        return map;
    }
}
