package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.loyaltyhub.mapping.MappingFixtures.MAPPINGS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.mapping.GoldenExamples.Example;
import org.loyaltyhub.mapping.GoldenExamples.Outcome;

/** Every golden example under {@code mappings/} as its own test, with $config from application.yaml. */
class GoldenMappingTests {

    @TestFactory
    Stream<DynamicTest> goldenExamples() {
        List<Example> examples = GoldenExamples.find(MAPPINGS);
        assertThat(examples).as("golden examples under " + MAPPINGS).isNotEmpty();
        GoldenExamples golden = MappingFixtures.goldenExamples(MAPPINGS);
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.display(), () -> {
            Outcome outcome = golden.run(example);
            if (!outcome.passed()) {
                fail(outcome.failure().orElseThrow());
            }
        }));
    }

    @Test
    void everyMappingFileHasAtLeastOneGoldenExample() throws IOException {
        List<Example> examples = GoldenExamples.find(MAPPINGS);
        List<String> mappings = mappingFiles(MAPPINGS);
        assertThat(mappings).as("mapping files under mappings/<system>/").isNotEmpty();

        Map<String, Long> examplesPerMapping = examples.stream()
                .map(example -> owner(example, mappings))
                .flatMap(Optional::stream)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));

        assertThat(mappings).allSatisfy(id -> assertThat(examplesPerMapping.getOrDefault(id, 0L))
                .as("golden examples of %s (mappings/%s.jsonata)", id, id).isPositive());
    }

    @Test
    void everyExampleBelongsToAMappingAndHasItsExpectation() throws IOException {
        List<String> mappings = mappingFiles(MAPPINGS);
        assertThat(GoldenExamples.find(MAPPINGS)).allSatisfy(example -> {
            assertThat(owner(example, mappings)).as("mapping of " + example.display()).isPresent();
            assertThat(example.expected()).as("expectation of " + example.display()).exists();
        });
    }

    @Test
    void aNewPairInTheFolderAddsACase(@TempDir Path temp) throws IOException {
        Path copy = copyTree(MAPPINGS, temp.resolve("mappings"));
        int before = GoldenExamples.find(copy).size();
        Path examples = copy.resolve("ecom/examples");
        Files.writeString(examples.resolve("card.to-canonical.added-case.in.json"),
                "{\"id\": 42, \"code\": \"4242\", \"barcode\": \"B42\", \"active\": true}");
        Files.writeString(examples.resolve("card.to-canonical.added-case.out.json"),
                "{\"number\": \"4242\", \"barcode\": \"B42\", \"active\": true, \"holder\": {}, \"refs\": {\"ecom\": \"42\"}}");

        List<Example> after = GoldenExamples.find(copy);

        assertThat(after).hasSize(before + 1);
        Example added = after.stream().filter(e -> e.display().equals("ecom/examples/card.to-canonical.added-case"))
                .findFirst().orElseThrow();
        assertThat(MappingFixtures.goldenExamples(copy).run(added).failure()).isEmpty();
    }

    @Test
    void aWrongExpectationFailsTheCaseShowingBothSides(@TempDir Path temp) throws IOException {
        Path copy = copyTree(MAPPINGS, temp.resolve("mappings"));
        Path examples = copy.resolve("ecom/examples");
        Files.writeString(examples.resolve("card.to-canonical.wrong.in.json"), "{\"id\": 1, \"code\": \"111\"}");
        Files.writeString(examples.resolve("card.to-canonical.wrong.out.json"), "{\"number\": \"222\"}");
        Example wrong = GoldenExamples.find(copy).stream()
                .filter(e -> e.name().equals("card.to-canonical.wrong")).findFirst().orElseThrow();

        Outcome outcome = MappingFixtures.goldenExamples(copy).run(wrong);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.failure().orElseThrow())
                .contains("mapping ecom/card.to-canonical produced", "\"111\"", "card.to-canonical.wrong.out.json expects", "\"222\"");
    }

    @Test
    void anExampleWithoutMappingOrExpectationFails(@TempDir Path temp) throws IOException {
        Path copy = copyTree(MAPPINGS, temp.resolve("mappings"));
        Path examples = copy.resolve("ecom/examples");
        Files.writeString(examples.resolve("wallet.to-canonical.orphan.in.json"), "{}");
        Files.writeString(examples.resolve("card.to-canonical.no-out.in.json"), "{\"code\": \"1\"}");
        GoldenExamples golden = MappingFixtures.goldenExamples(copy);
        Map<String, Outcome> outcomes = GoldenExamples.find(copy).stream()
                .collect(Collectors.toMap(Example::name, golden::run));

        assertThat(outcomes.get("wallet.to-canonical.orphan").failure().orElseThrow())
                .contains("no mapping ecom/<name>.jsonata");
        assertThat(outcomes.get("card.to-canonical.no-out").failure().orElseThrow())
                .contains("missing card.to-canonical.no-out.out.json");
    }

    @Test
    void configOfEachSystemComesFromApplicationYaml() {
        Map<String, Object> ecom = MappingFixtures.systemsFromApplicationYaml().mappingConfig("ecom");

        assertThat(ecom).containsEntry("currency", "MDL").containsEntry("enabled", true);
        assertThat(ecom.get("retry")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("maxAttempts", 6);
    }

    /**
     * Ids of every file with golden examples: {@code ecom/card.to-canonical} for each {@code <system>/<name>.jsonata},
     * {@code wallet/transaction.operations} for each operation table {@code <system>/<name>.operations.yaml}.
     */
    static List<String> mappingFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonata") || f.getFileName().toString().endsWith(".operations.yaml"))
                    .map(root::relativize)
                    .filter(relative -> relative.getNameCount() == 2)
                    .map(relative -> relative.getName(0) + "/" + relative.getName(1).toString().replaceFirst("\\.(jsonata|yaml)$", ""))
                    .sorted()
                    .toList();
        }
    }

    /** The mapping an example runs: the longest mapping name the case name starts with, as GoldenExamples picks it. */
    private static Optional<String> owner(Example example, List<String> mappings) {
        return mappings.stream()
                .filter(id -> id.startsWith(example.system() + "/"))
                .filter(id -> {
                    String name = id.substring(example.system().length() + 1);
                    return example.name().equals(name) || example.name().startsWith(name + ".");
                })
                .max(Comparator.comparingInt(String::length));
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
