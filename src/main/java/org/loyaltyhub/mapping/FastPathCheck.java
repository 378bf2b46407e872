package org.loyaltyhub.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net of the compiled fast path: at load, every mapping on it runs each of its golden examples on both
 * evaluators, and one that gives anything else than the interpreter (a result, or a failure's type and message) is
 * put back on the interpreter with a warning. So the fast path can make the hub faster, never different, on
 * everything its examples show.
 */
final class FastPathCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FastPathCheck.class);
    private static final TypeReference<Object> TREE = new TypeReference<>() {
    };
    private static final int SHOWN = 300;

    private FastPathCheck() {
    }

    /** One golden example's inputs, as {@link GoldenExamples} gives them to the engine. */
    record Case(String display, JsonNode input, Map<String, Object> headers, Map<String, Object> config, Map<String, Object> bindings) {
    }

    /** The mappings, each one whose fast path differs on an example replaced by its interpreter-only self. */
    static Map<String, CompiledMapping> verified(Map<String, CompiledMapping> loaded, Path root,
            Function<String, Map<String, Object>> configOfSystem, ObjectMapper json, ResultTrees trees) {
        Map<String, CompiledMapping> verified = new LinkedHashMap<>(loaded);
        for (GoldenExamples.Example example : GoldenExamples.find(root)) {
            Optional<CompiledMapping> owner = GoldenExamples.mappingOf(loaded.values(), example);
            if (owner.isEmpty() || !verified.get(owner.get().id()).compiled()) {
                continue;
            }
            CompiledMapping mapping = owner.get();
            Optional<Case> inputs = read(example, mapping, configOfSystem, json);
            if (inputs.isEmpty()) {
                continue; // an unreadable example fails among the golden examples
            }
            Optional<String> difference = difference(mapping, inputs.get(), json, trees);
            if (difference.isPresent()) {
                LOG.warn("Mapping {} runs on the JSONata interpreter: its compiled form differs on {}: {}", mapping.id(),
                        example.display(), difference.get());
                verified.put(mapping.id(), mapping.onInterpreter("differs on " + example.display()));
            }
        }
        return verified;
    }

    /**
     * How the fast path's outcome differs from the interpreter's on one case, if it does: its result as
     * {@link CompiledMapping#evaluate} gives it, and as the engine's tree ({@code json} is the engine's mapper).
     */
    static Optional<String> difference(CompiledMapping mapping, Case example, ObjectMapper json, ResultTrees trees) {
        String interpreted = outcome(() -> mapping.evaluateInterpreted(tree(example.input(), json), example.config(),
                example.headers(), bindings(example.bindings(), json)), json);
        String compiled = outcome(() -> mapping.evaluateCompiled(tree(example.input(), json), example.config(),
                example.headers(), bindings(example.bindings(), json)), json);
        if (!interpreted.equals(compiled)) {
            return Optional.of("compiled " + shorten(compiled) + ", interpreter " + shorten(interpreted));
        }
        String engineTree = outcome(() -> mapping.evaluateToTree(tree(example.input(), json), example.config(),
                example.headers(), bindings(example.bindings(), json), trees), json);
        if (!interpreted.equals(engineTree)) {
            return Optional.of("compiled (as the engine's tree) " + shorten(engineTree) + ", interpreter " + shorten(interpreted));
        }
        return Optional.empty();
    }

    /** A result as the engine writes it (types, digits and key order included), or a failure's type and message. */
    static String outcome(Supplier<Object> evaluation, ObjectMapper json) {
        try {
            Object result = evaluation.get();
            if (result == null) {
                return "nothing";
            }
            JsonNode tree = result instanceof JsonNode node ? node : json.valueToTree(result);
            StringBuilder numbers = new StringBuilder();
            numberTypes(tree, numbers);
            return json.writeValueAsString(tree) + numbers;
        } catch (MappingException e) {
            return "failure " + (e.getCause() == null ? "" : e.getCause().getClass().getName() + ": ") + e.getMessage();
        } catch (RuntimeException | JsonProcessingException e) {
            return "failure " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** The node type of every number, in document order: an int and a long look the same in JSON text. */
    private static void numberTypes(JsonNode node, StringBuilder types) {
        if (node.isNumber()) {
            types.append(' ').append(node.numberType());
        }
        for (JsonNode child : node) {
            numberTypes(child, types);
        }
    }

    private static Object tree(JsonNode input, ObjectMapper json) {
        return json.convertValue(input, TREE);
    }

    /** Bindings as the engine passes them: a JSON tree as maps and lists. */
    private static Map<String, Object> bindings(Map<String, Object> bindings, ObjectMapper json) {
        Map<String, Object> variables = new java.util.HashMap<>();
        bindings.forEach((name, value) -> variables.put(name, value instanceof JsonNode node ? tree(node, json) : value));
        return variables;
    }

    static Optional<Case> read(GoldenExamples.Example example, CompiledMapping mapping,
            Function<String, Map<String, Object>> configOfSystem, ObjectMapper json) {
        try {
            GoldenExamples.Inputs inputs = example.inputs(json);
            Map<String, Object> config = inputs.config() != null ? inputs.config() : configOfSystem.apply(mapping.system());
            return Optional.of(new Case(example.display(), Objects.requireNonNull(inputs.input()), inputs.headers(), config, inputs.bindings()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String shorten(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }
}
