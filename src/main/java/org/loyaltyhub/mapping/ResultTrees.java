package org.loyaltyhub.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping's result as a Jackson tree: exactly {@code json.valueToTree(Utils.convertNulls(result))}, built directly
 * from the maps, lists, strings, booleans and numbers a mapping gives (JSONata's null marker as a JSON null) instead
 * of being serialised into a token buffer and read back. Anything else (a non-string key, another kind of object)
 * takes {@code valueToTree} itself; so does every result when a probe at start finds that the mapper builds some
 * node otherwise (a mapper sorting keys, dropping nulls, reading floats as decimals, ...).
 */
final class ResultTrees {

    /** Unlike any node: the value is not one of those built directly. */
    private static final JsonNode OTHER = JsonNodeFactory.instance.missingNode();

    private final ObjectMapper json;
    private final JsonNodeFactory nodes;
    private final boolean direct;

    ResultTrees(ObjectMapper json) {
        this.json = json;
        this.nodes = json.getNodeFactory();
        this.direct = sameAsJackson(probe());
    }

    /** Null for no result (nothing, or the null marker alone, which the interpreter gives as nothing). */
    JsonNode of(Object result) {
        if (result == null || result == Jsonata.NULL_VALUE) {
            return null;
        }
        if (direct) {
            JsonNode node = node(result);
            if (node != OTHER) {
                return node;
            }
        }
        return json.valueToTree(Utils.convertNulls(result));
    }

    /** Whether the direct build is the mapper's own. */
    boolean direct() {
        return direct;
    }

    private JsonNode node(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return nodes.nullNode();
        }
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return nodes.booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return nodes.numberNode(number.intValue());
        }
        if (value instanceof Long number) {
            return nodes.numberNode(number.longValue());
        }
        if (value instanceof Double number) {
            return nodes.numberNode(number.doubleValue());
        }
        if (value instanceof Number) {
            return json.valueToTree(value); // a number node is made alike wherever it stands
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    return OTHER;
                }
                JsonNode child = node(entry.getValue());
                if (child == OTHER) {
                    return OTHER;
                }
                object.set(name, child);
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            for (Iterator<?> items = list.iterator(); items.hasNext();) {
                JsonNode child = node(items.next());
                if (child == OTHER) {
                    return OTHER;
                }
                array.add(child);
            }
            return array;
        }
        return OTHER;
    }

    /** Every kind of value built directly, nulls in objects and arrays, keys out of order. */
    private static Map<String, Object> probe() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", new ArrayList<>(Arrays.asList(2.5, null, Jsonata.NULL_VALUE)));
        nested.put("a", Map.of());
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("text", "x");
        probe.put("unicode", "Ünï 😀 \"\\");
        probe.put("empty", "");
        probe.put("int", 1);
        probe.put("min", Integer.MIN_VALUE);
        probe.put("small long", 5L);
        probe.put("long", 12345678901234L);
        probe.put("double", 1.5);
        probe.put("whole double", 2.0);
        probe.put("negative zero", -0.0);
        probe.put("true", true);
        probe.put("false", false);
        probe.put("null", null);
        probe.put("marker", Jsonata.NULL_VALUE);
        probe.put("decimal", new BigDecimal("1.50"));
        probe.put("list", new ArrayList<>(Arrays.asList(1, null, "a", List.of(), Map.of(), List.of(2L))));
        probe.put("object", nested);
        return probe;
    }

    private boolean sameAsJackson(Map<String, Object> probe) {
        JsonNode built = node(probe);
        JsonNode jackson = json.valueToTree(Utils.convertNulls(probe()));
        try {
            return built != OTHER && built.equals(jackson) && json.writeValueAsString(built).equals(json.writeValueAsString(jackson))
                    && sameClasses(built, jackson);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean sameClasses(JsonNode a, JsonNode b) {
        if (a.getClass() != b.getClass() || a.size() != b.size()) {
            return false;
        }
        List<JsonNode> left = new ArrayList<>();
        a.forEach(left::add);
        int i = 0;
        for (JsonNode child : b) {
            if (!sameClasses(left.get(i++), child)) {
                return false;
            }
        }
        return true;
    }
}
