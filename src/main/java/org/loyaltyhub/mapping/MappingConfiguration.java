package org.loyaltyhub.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.operations.OperationTables;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads schemas and mappings from {@code hub.mappings.dir} and refuses to start when a golden example fails. */
@Configuration(proxyBeanMethods = false)
public class MappingConfiguration {

    @Bean
    CanonicalSchemas canonicalSchemas(@Value("${hub.mappings.dir}") Path mappingsDir) {
        return new CanonicalSchemas(mappingsDir.resolve("canonical"));
    }

    @Bean
    MappingEngine mappingEngine(@Value("${hub.mappings.dir}") Path mappingsDir, SystemRegistry systems, ObjectMapper json) {
        return new MappingEngine(mappingsDir, systems::mappingConfig, json);
    }

    /** The operation tables ({@code <system>/<name>.operations.yaml}); any problem stops the start. */
    @Bean
    OperationTables operationTables(@Value("${hub.mappings.dir}") Path mappingsDir, ObjectMapper json) {
        OperationTables tables = OperationTables.load(mappingsDir, json);
        if (!tables.problems().isEmpty()) {
            throw new IllegalStateException("Operation tables refused:\n  " + String.join("\n  ", tables.problems()));
        }
        return tables;
    }

    @Bean
    GoldenExamples goldenExamples(MappingEngine engine, CanonicalSchemas schemas, OperationTables tables, ObjectMapper json) {
        GoldenExamples examples = new GoldenExamples(engine, schemas, List.of(tables), json);
        List<GoldenExamples.Outcome> failed = examples.runAll().stream().filter(o -> !o.passed()).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Golden examples fail:\n" + failed.stream()
                    .map(o -> "  " + o.example().display() + ": " + o.failure().orElse(""))
                    .collect(Collectors.joining("\n")));
        }
        return examples;
    }

    @Bean("mapping")
    MappingStep mappingStep(MappingEngine engine, CanonicalSchemas schemas, MeterRegistry meters) {
        return new MappingStep(engine, schemas, meters);
    }
}
