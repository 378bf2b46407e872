package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loyaltyhub.mapping.MappingFixtures.MAPPINGS;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.loyaltyhub.mapping.FastPathCheck.Case;

/**
 * The fast path against the interpreter, on every mapping file, subscription condition and operation-table
 * expression that compiles to it: each golden input and thousands of deterministic variations of it (and of its
 * {@code $config}, {@code $headers} and {@code $request}) must give the same result, or the same failure (type and
 * message, position included).
 */
class FastPathDifferentialTests {

    private static final ObjectMapper JSON = MappingEngine.resultMapper(MappingFixtures.json());
    private static final ResultTrees TREES = new ResultTrees(JSON);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    /** Random combinations of changes per golden input, on top of every single change. */
    private static final int COMBINED = 120;
    private static final int SHOWN = 8;

    @TestFactory
    Stream<DynamicTest> everyCompiledMapping() {
        MappingEngine engine = MappingFixtures.engine(MAPPINGS);
        List<GoldenExamples.Example> examples = GoldenExamples.find(MAPPINGS);
        assertThat(engine.all().values().stream().filter(CompiledMapping::compiled)).as("mappings on the fast path").isNotEmpty();
        return engine.all().values().stream().filter(CompiledMapping::compiled)
                .map(mapping -> DynamicTest.dynamicTest(mapping.id(), () -> assertSame(mapping, cases(mapping, examples, engine))));
    }

    @TestFactory
    Stream<DynamicTest> everySubscriptionCondition() throws IOException {
        JsonNode subscriptions = YAML.readTree(MAPPINGS.resolve("subscriptions.yaml").toFile()).path("subscriptions");
        List<JsonNode> canonical = canonicalDocuments();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode subscription : subscriptions) {
            if (!subscription.hasNonNull("when")) {
                continue;
            }
            CompiledMapping condition = CompiledMapping.expression("subscriptions#" + subscription.path("id").asText(), "subscriptions",
                    "mappings/subscriptions.yaml", subscription.get("when").asText());
            if (!condition.compiled()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(condition.id(), () -> {
                List<Case> cases = new ArrayList<>();
                for (JsonNode document : canonical) {
                    for (JsonNode variation : InputVariations.of(document, seed(condition.id()), COMBINED / 4)) {
                        cases.add(new Case("canonical " + variation, variation, Map.of(), Map.of(), Map.of()));
                    }
                }
                assertSame(condition, cases);
            }));
        }
        assertThat(tests).as("subscription conditions on the fast path").isNotEmpty();
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyOperationTableExpression() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAPPINGS, 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".operations.yaml")).sorted().toList()) {
                tests.addAll(operationTable(file));
            }
        }
        assertThat(tests).as("operation-table expressions on the fast path").isNotEmpty();
        return tests.stream();
    }

    private List<DynamicTest> operationTable(Path file) throws IOException {
        JsonNode table = YAML.readTree(file.toFile());
        String system = file.getParent().getFileName().toString();
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        Path examples = file.resolveSibling("examples");
        Map<String, Object> config = JSON.readValue(examples.resolve("config.json").toFile(), JSON_OBJECT);
        List<JsonNode> inputs = new ArrayList<>();
        try (Stream<Path> found = Files.list(examples)) {
            for (Path example : found.filter(f -> f.getFileName().toString().startsWith(name + ".")
                    && f.getFileName().toString().endsWith(".in.json")).sorted().toList()) {
                inputs.add(JSON.readTree(example.toFile()));
            }
        }
        List<String> expressions = new ArrayList<>();
        if (table.hasNonNull("card")) {
            expressions.add(table.get("card").asText());
        }
        for (JsonNode rule : table.path("rules")) {
            for (String verb : List.of("sale", "return", "reverted")) {
                for (String size : List.of("quantity", "amount")) {
                    if (rule.path(verb).hasNonNull(size)) {
                        expressions.add(rule.path(verb).get(size).asText());
                    }
                }
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : expressions.stream().distinct().toList()) {
            CompiledMapping expression = CompiledMapping.expression(system + "/" + name + "#" + source, system, file.toString(), source);
            if (!expression.compiled()) {
                continue;
            }
            boolean ofCard = source.equals(table.path("card").asText());
            tests.add(DynamicTest.dynamicTest(expression.id(), () -> {
                List<Case> cases = new ArrayList<>();
                long seed = seed(expression.id());
                for (JsonNode input : inputs) {
                    JsonNode card = input.path("card");
                    if (ofCard) {
                        for (JsonNode variation : InputVariations.of(card, seed, COMBINED / 4)) {
                            cases.add(new Case("card " + variation, variation, Map.of(), config, Map.of()));
                        }
                    } else {
                        for (JsonNode variation : InputVariations.of(input.path("event"), seed, COMBINED / 4)) {
                            cases.add(new Case("event " + variation, variation, Map.of(), config, Map.of("card", card)));
                        }
                        for (JsonNode variation : InputVariations.of(card, seed, COMBINED / 12)) {
                            cases.add(new Case("$card " + variation, input.path("event"), Map.of(), config, Map.of("card", variation)));
                        }
                    }
                }
                // the settings varied once, under the first example (they are the same for all)
                JsonNode first = inputs.get(0);
                for (Map<String, Object> changed : objects(JSON.valueToTree(config), seed)) {
                    cases.add(new Case("$config " + changed, ofCard ? first.path("card") : first.path("event"), Map.of(), changed,
                            ofCard ? Map.of() : Map.of("card", first.path("card"))));
                }
                assertSame(expression, cases);
            }));
        }
        return tests;
    }

    /** A mapping's cases: its golden examples, their variations, and the other inputs of its system. */
    private static List<Case> cases(CompiledMapping mapping, List<GoldenExamples.Example> examples, MappingEngine engine) {
        List<Case> golden = new ArrayList<>();
        List<Case> others = new ArrayList<>();
        for (GoldenExamples.Example example : examples) {
            if (!example.system().equals(mapping.system())) {
                continue;
            }
            Optional<Case> read = FastPathCheck.read(example, mapping, engine::configOf, JSON);
            if (read.isEmpty()) {
                continue;
            }
            String name = mapping.id().substring(mapping.system().length() + 1);
            boolean own = example.name().equals(name) || example.name().startsWith(name + ".");
            (own ? golden : others).add(read.get());
        }
        assertThat(golden).as("golden examples of " + mapping.id()).isNotEmpty();
        long seed = seed(mapping.id());
        List<Case> cases = new ArrayList<>(others);
        for (Case example : golden) {
            for (JsonNode variation : InputVariations.of(example.input(), seed, COMBINED)) {
                cases.add(new Case(example.display() + " input " + variation, variation, example.headers(), example.config(),
                        example.bindings()));
            }
            if (example.config() != null) {
                for (Map<String, Object> config : objects(JSON.valueToTree(example.config()), seed)) {
                    cases.add(new Case(example.display() + " $config " + config, example.input(), example.headers(), config,
                            example.bindings()));
                }
            }
            for (Map<String, Object> headers : objects(JSON.valueToTree(example.headers()), seed)) {
                cases.add(new Case(example.display() + " $headers " + headers, example.input(), headers, example.config(),
                        example.bindings()));
            }
            if (example.bindings().get("request") instanceof JsonNode request) {
                for (JsonNode variation : InputVariations.of(request, seed, COMBINED / 4)) {
                    cases.add(new Case(example.display() + " $request " + variation, example.input(), example.headers(),
                            example.config(), Map.of("request", variation)));
                }
            }
        }
        return cases;
    }

    /** Variations of a settings object that are still objects (the engine's {@code $config} and {@code $headers} are). */
    private static List<Map<String, Object>> objects(JsonNode settings, long seed) {
        return InputVariations.of(settings, seed, COMBINED / 4).stream().filter(JsonNode::isObject)
                .map(node -> JSON.convertValue(node, JSON_OBJECT)).toList();
    }

    /** Every canonical entity the examples hold: the inputs of from-canonical and the results of to-canonical mappings. */
    private static List<JsonNode> canonicalDocuments() {
        List<JsonNode> documents = new ArrayList<>();
        for (GoldenExamples.Example example : GoldenExamples.find(MAPPINGS)) {
            try {
                if (example.name().contains(".from-canonical") && !example.xmlInput()) {
                    documents.add(JSON.readTree(example.input().toFile()));
                } else if (example.name().contains(".to-canonical") && !example.xmlOutput() && Files.exists(example.expected())) {
                    documents.add(JSON.readTree(example.expected().toFile()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    private static void assertSame(CompiledMapping mapping, List<Case> cases) {
        List<String> differences = new ArrayList<>();
        for (Case example : cases) {
            FastPathCheck.difference(mapping, example, JSON, TREES).ifPresent(difference -> differences.add(example.display() + "\n    " + difference));
        }
        assertThat(differences).as(mapping.id() + ": " + differences.size() + " of " + cases.size()
                + " cases differ, first ones:\n" + String.join("\n", differences.subList(0, Math.min(SHOWN, differences.size()))))
                .isEmpty();
    }

    private static long seed(String id) {
        return 0x5eed_0f_fa57L ^ id.hashCode();
    }
}
