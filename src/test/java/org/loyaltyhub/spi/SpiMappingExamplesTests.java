package org.loyaltyhub.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.mapping.GoldenExamples;
import org.loyaltyhub.mapping.MappingEngine;

/** The golden examples of mappings/spi: every documented request and answer of the contract, both ways. */
class SpiMappingExamplesTests {

    private static final Path MAPPINGS = Path.of("mappings");

    @Test
    void everySpiExamplePasses() {
        ObjectMapper json = new ObjectMapper();
        MappingEngine engine = new MappingEngine(MAPPINGS, system -> Map.of(), json);
        GoldenExamples examples = new GoldenExamples(engine, new CanonicalSchemas(MAPPINGS.resolve("canonical")), json);
        List<GoldenExamples.Outcome> spi = GoldenExamples.find(engine.root()).stream()
                .filter(example -> example.system().equals("spi")).map(examples::run).toList();

        assertThat(spi).extracting(outcome -> outcome.example().name()).contains(
                "card.lookup.to-canonical.documented",
                "transaction.to-canonical.documented-sale",
                "transaction.to-canonical.documented-return",
                "transaction.revert.to-canonical.documented",
                "discount-card.from-canonical.documented-lookup",
                "discount-card.from-canonical.documented-transaction",
                "discount-card.from-canonical.documented-revert");
        assertThat(spi).allSatisfy(outcome -> assertThat(outcome.failure()).as(outcome.example().display()).isEmpty());
    }
}
