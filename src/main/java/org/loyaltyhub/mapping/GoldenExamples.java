package org.loyaltyhub.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.canonical.CanonicalValidationException;

/**
 * The golden examples of every mapping: {@code <system>/examples/<case>.in.json} and {@code .out.json},
 * where the case name starts with the mapping's name ({@code card.to-canonical.list-example}); an
 * optional {@code <case>.headers.json} gives {@code $headers}. The canonical side of each pair must
 * also satisfy its schema, so an example cannot pin a wrong canonical message.
 */
public final class GoldenExamples {

    private static final String IN = ".in.json";
    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    /** One pair of files. */
    public record Example(String system, String name, Path input, Path expected) {

        public String display() {
            return system + "/examples/" + name;
        }

        Path headers() {
            return input.resolveSibling(name + ".headers.json");
        }
    }

    /** The result of running one example; {@code failure} is empty when it passed. */
    public record Outcome(Example example, Optional<String> failure) {

        public boolean passed() {
            return failure.isEmpty();
        }
    }

    private final MappingEngine engine;
    private final CanonicalSchemas schemas;
    private final ObjectMapper json;

    public GoldenExamples(MappingEngine engine, CanonicalSchemas schemas, ObjectMapper json) {
        this.engine = engine;
        this.schemas = schemas;
        this.json = json;
    }

    /** Every example under the folder, in a stable order. */
    public static List<Example> find(Path mappingsRoot) {
        try (Stream<Path> files = Files.walk(mappingsRoot)) {
            return files.filter(f -> f.getFileName().toString().endsWith(IN))
                    .filter(f -> f.getParent().getFileName().toString().equals("examples"))
                    .sorted(Comparator.naturalOrder())
                    .map(f -> {
                        String name = f.getFileName().toString();
                        name = name.substring(0, name.length() - IN.length());
                        String system = f.getParent().getParent().getFileName().toString();
                        return new Example(system, name, f, f.resolveSibling(name + ".out.json"));
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read examples under " + mappingsRoot, e);
        }
    }

    public List<Outcome> runAll() {
        return find(engine.root()).stream().map(this::run).toList();
    }

    public Outcome run(Example example) {
        try {
            Optional<CompiledMapping> mapping = mappingOf(example);
            if (mapping.isEmpty()) {
                return failed(example, "no mapping " + example.system() + "/<name>.jsonata matches the start of the case name");
            }
            if (!Files.exists(example.expected())) {
                return failed(example, "missing " + example.expected().getFileName());
            }
            String mappingName = mapping.get().id().substring(example.system().length() + 1);
            String entity = mappingName.substring(0, mappingName.indexOf('.') < 0 ? mappingName.length() : mappingName.indexOf('.'));
            JsonNode input = json.readTree(example.input().toFile());
            Map<String, Object> headers = Files.exists(example.headers())
                    ? json.readValue(example.headers().toFile(), HEADERS) : Map.of();
            if (mappingName.endsWith(".from-canonical")) {
                validateCanonical(entity, input);
            }
            JsonNode actual = json.readTree(json.writeValueAsBytes(engine.apply(mapping.get().id(), input, headers)));
            JsonNode expected = json.readTree(example.expected().toFile());
            if (mappingName.endsWith(".to-canonical")) {
                validateCanonical(entity, actual);
            }
            if (!expected.equals(actual)) {
                return failed(example, "mapping " + mapping.get().id() + " produced\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(actual)
                        + "\nbut " + example.expected().getFileName() + " expects\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
            }
            return new Outcome(example, Optional.empty());
        } catch (CanonicalValidationException | MappingException e) {
            return failed(example, e.getMessage());
        } catch (IOException e) {
            return failed(example, "unreadable JSON: " + e.getMessage());
        }
    }

    private void validateCanonical(String entity, JsonNode body) {
        if (schemas.entities().contains(entity)) {
            schemas.validate(entity, body);
        }
    }

    /** The mapping whose name is the longest dot-separated prefix of the case name. */
    private Optional<CompiledMapping> mappingOf(Example example) {
        return engine.all().values().stream()
                .filter(m -> m.system().equals(example.system()))
                .filter(m -> {
                    String name = m.id().substring(example.system().length() + 1);
                    return example.name().equals(name) || example.name().startsWith(name + ".");
                })
                .max(Comparator.comparingInt(m -> m.id().length()));
    }

    private static Outcome failed(Example example, String reason) {
        return new Outcome(example, Optional.of(reason));
    }
}
