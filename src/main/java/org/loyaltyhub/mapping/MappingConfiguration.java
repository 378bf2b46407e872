package org.loyaltyhub.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.loyaltyhub.canonical.CanonicalSchemas;
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

    @Bean
    /** Every mapping's examples, and those of every other example runner (the operation tables), pass or the start stops. */
    GoldenExamples goldenExamples(MappingEngine engine, CanonicalSchemas schemas, List<ExampleRunner> runners, ObjectMapper json) {
        GoldenExamples examples = new GoldenExamples(engine, schemas, runners, json);
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
