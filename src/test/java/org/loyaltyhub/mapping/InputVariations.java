package org.loyaltyhub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Variations of a JSON document for differential tests, always the same for the same document and seed: each field
 * and item removed, set to null, its type swapped (strings and numbers, booleans), wrapped in one- and two-item
 * arrays, objects replaced by scalars, strings emptied or made unicode; the document itself wrapped in arrays or
 * replaced; and random combinations of several of these.
 */
final class InputVariations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String UNICODE = "Ünïcødé ✓ 漢字 😀 \"q\" \\ /";

    private InputVariations() {
    }

    /** The document itself first, then every single variation, then {@code combined} random combinations. */
    static List<JsonNode> of(JsonNode document, long seed, int combined) {
        Map<String, JsonNode> variations = new LinkedHashMap<>();
        add(variations, document);
        for (JsonNode variation : single(document)) {
            add(variations, variation);
        }
        add(variations, NODES.arrayNode().add(document.deepCopy()));
        add(variations, NODES.arrayNode().add(document.deepCopy()).add(document.deepCopy()));
        add(variations, NODES.arrayNode());
        add(variations, NODES.objectNode());
        add(variations, NODES.textNode("not an object"));
        add(variations, NODES.numberNode(7));
        add(variations, NODES.nullNode());
        Random random = new Random(seed);
        List<JsonNode> singles = single(document);
        for (int i = 0; i < combined && !singles.isEmpty(); i++) {
            JsonNode current = document.deepCopy();
            int steps = 1 + random.nextInt(4);
            for (int s = 0; s < steps; s++) {
                List<JsonNode> options = single(current);
                if (options.isEmpty()) {
                    break;
                }
                current = options.get(random.nextInt(options.size()));
            }
            add(variations, current);
        }
        return List.copyOf(variations.values());
    }

    private static void add(Map<String, JsonNode> variations, JsonNode node) {
        variations.putIfAbsent(node.toString(), node);
    }

    /** Every variation that changes one place of the document. */
    static List<JsonNode> single(JsonNode document) {
        List<JsonNode> variations = new ArrayList<>();
        collect(document, List.of(), variations, document);
        return variations;
    }

    private static void collect(JsonNode node, List<Object> path, List<JsonNode> out, JsonNode document) {
        if (path.size() > 5) {
            return;
        }
        if (!path.isEmpty()) {
            for (UnaryOperator<JsonNode> change : changes(node)) {
                out.add(replaced(document, path, change));
            }
        }
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                List<Object> child = append(path, name);
                out.add(replaced(document, child, removed -> null));
                collect(node.get(name), child, out, document);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && i < 3; i++) {
                List<Object> child = append(path, i);
                out.add(replaced(document, child, removed -> null));
                collect(node.get(i), child, out, document);
            }
        }
    }

    /** What one value may become. */
    private static List<UnaryOperator<JsonNode>> changes(JsonNode node) {
        List<UnaryOperator<JsonNode>> changes = new ArrayList<>();
        changes.add(n -> NODES.nullNode());
        changes.add(n -> NODES.arrayNode().add(n.deepCopy()));
        changes.add(n -> NODES.arrayNode().add(n.deepCopy()).add(n.deepCopy()));
        if (node.isTextual()) {
            String text = node.asText();
            changes.add(n -> NODES.textNode(""));
            changes.add(n -> NODES.textNode(UNICODE));
            changes.add(n -> NODES.textNode(" " + text.toUpperCase() + " "));
            changes.add(n -> numberOf(text));
            changes.add(n -> NODES.booleanNode(!text.isEmpty()));
        } else if (node.isNumber()) {
            changes.add(n -> NODES.textNode(n.asText()));
            changes.add(n -> NODES.numberNode(0));
            changes.add(n -> NODES.numberNode(-n.asLong() - 1));
            changes.add(n -> NODES.numberNode(n.asDouble() + 0.5));
            changes.add(n -> NODES.numberNode(12345678901234L));
            changes.add(n -> NODES.arrayNode().add(n.deepCopy()).add(NODES.textNode(n.asText())));
        } else if (node.isBoolean()) {
            changes.add(n -> NODES.textNode(n.asText()));
            changes.add(n -> NODES.numberNode(n.asBoolean() ? 1 : 0));
            changes.add(n -> NODES.booleanNode(!n.asBoolean()));
        } else if (node.isObject()) {
            changes.add(n -> NODES.textNode("scalar"));
            changes.add(n -> NODES.numberNode(42));
            changes.add(n -> NODES.booleanNode(true));
            changes.add(n -> NODES.objectNode());
        } else if (node.isArray()) {
            changes.add(n -> NODES.arrayNode());
            changes.add(n -> n.isEmpty() ? NODES.nullNode() : n.get(0).deepCopy());
            changes.add(n -> NODES.arrayNode().add(n.deepCopy()));
        } else if (node.isNull()) {
            changes.add(n -> NODES.textNode(""));
            changes.add(n -> NODES.numberNode(0));
            changes.add(n -> NODES.objectNode());
        }
        return changes;
    }

    private static JsonNode numberOf(String text) {
        try {
            return NODES.numberNode(new java.math.BigDecimal(text.trim()).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            try {
                return NODES.numberNode(Double.parseDouble(text.trim()));
            } catch (NumberFormatException notANumber) {
                return NODES.numberNode(text.length());
            }
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }

    /** A copy of the document with the value at {@code path} changed; a change to null (Java) removes it. */
    private static JsonNode replaced(JsonNode document, List<Object> path, UnaryOperator<JsonNode> change) {
        JsonNode copy = document.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = path.get(i) instanceof String name ? parent.get(name) : parent.get((Integer) path.get(i));
        }
        Object last = path.get(path.size() - 1);
        JsonNode current = last instanceof String name ? parent.get(name) : parent.get((Integer) last);
        JsonNode changed = change.apply(current);
        if (parent instanceof ObjectNode object) {
            if (changed == null) {
                object.remove((String) last);
            } else {
                object.set((String) last, changed);
            }
        } else if (parent instanceof ArrayNode array) {
            if (changed == null) {
                array.remove((Integer) last);
            } else {
                array.set((Integer) last, changed);
            }
        }
        return copy;
    }
}
