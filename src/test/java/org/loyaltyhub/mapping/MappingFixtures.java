package org.loyaltyhub.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.operations.OperationPlanner;
import org.loyaltyhub.operations.OperationTables;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * What the mapping tests share, without a Spring context: the real {@code mappings/} folder (Maven runs tests from
 * the project root), the systems of the real {@code application.yaml}, the canonical schemas and engines.
 */
public final class MappingFixtures {

    public static final Path MAPPINGS = Path.of("mappings");
    public static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SystemRegistry systems;
    private static CanonicalSchemas schemas;

    private MappingFixtures() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** The systems of {@code hub.systems.*} in application.yaml, placeholders resolved as at start. */
    public static synchronized SystemRegistry systemsFromApplicationYaml() {
        if (systems == null) {
            StandardEnvironment environment = new StandardEnvironment();
            try {
                for (PropertySource<?> source : new YamlPropertySourceLoader()
                        .load("application.yaml", new FileSystemResource(APPLICATION_YAML))) {
                    environment.getPropertySources().addLast(source);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            systems = new SystemRegistry(environment);
        }
        return systems;
    }

    /** The schemas of {@code mappings/canonical}. */
    public static synchronized CanonicalSchemas schemas() {
        if (schemas == null) {
            schemas = new CanonicalSchemas(MAPPINGS.resolve("canonical"));
        }
        return schemas;
    }

    /** An engine over the folder, each system's {@code $config} taken from application.yaml. */
    public static MappingEngine engine(Path folder) {
        return new MappingEngine(folder, systemsFromApplicationYaml()::mappingConfig, JSON);
    }

    /** Golden examples of the folder, run by an engine over it, with its operation tables. */
    public static GoldenExamples goldenExamples(Path folder) {
        return new GoldenExamples(engine(folder), schemas(), List.of(new OperationPlanner(OperationTables.load(folder), JSON)), JSON);
    }
}
