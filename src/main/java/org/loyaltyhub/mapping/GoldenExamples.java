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
import org.loyaltyhub.formats.MalformedBodyException;
import org.loyaltyhub.formats.XmlTrees;

/**
 * The golden examples of every mapping: {@code <system>/examples/<case>.in.json} and {@code .out.json},
 * where the case name starts with the mapping's name ({@code card.to-canonical.list-example}); an
 * optional {@code <case>.headers.json} gives {@code $headers}, and {@code <case>.request.json} an answer mapping's
 * {@code $request}. The canonical side of each pair must
 * also satisfy its schema, so an example cannot pin a wrong canonical message.
 * <p>
 * A vendor that speaks XML has its side of a pair in XML: {@code <case>.in.xml} is read as the hub reads
 * the vendor's XML ({@link XmlTrees}), and an {@code <case>.out.xml} must be what the hub would send, the
 * mapping's result written as XML and read back (so values compare as the text XML carries).
 * <p>
 * {@code $config} is {@code <case>.config.json}, else the system's {@code examples/config.json}, else the
 * system's live settings: a config file keeps the examples independent of where the hub is deployed.
 */
public final class GoldenExamples {

    private static final String IN = ".in.json";
    private static final String IN_XML = ".in.xml";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    /** One pair of files. */
    public record Example(String system, String name, Path input, Path expected) {

        public String display() {
            return system + "/examples/" + name;
        }

        Path headers() {
            return input.resolveSibling(name + ".headers.json");
        }

        /** {@code $request} of an answer mapping: the canonical entity the call was made for. */
        Path request() {
            return input.resolveSibling(name + ".request.json");
        }

        Path config() {
            Path own = input.resolveSibling(name + ".config.json");
            return Files.exists(own) ? own : input.resolveSibling("config.json");
        }

        boolean xmlInput() {
            return input.getFileName().toString().endsWith(IN_XML);
        }

        boolean xmlOutput() {
            return expected.getFileName().toString().endsWith(".out.xml");
        }

        /** What the engine is given for this example, read from its files. */
        Inputs inputs(ObjectMapper json) throws IOException {
            JsonNode body = xmlInput() ? XmlTrees.read(Files.readAllBytes(input)) : json.readTree(input.toFile());
            Map<String, Object> headers = Files.exists(headers()) ? json.readValue(headers().toFile(), JSON_OBJECT) : Map.of();
            Map<String, Object> config = Files.exists(config()) ? json.readValue(config().toFile(), JSON_OBJECT) : null;
            Map<String, Object> bindings = Files.exists(request()) ? Map.of("request", json.readTree(request().toFile())) : Map.of();
            return new Inputs(body, headers, config, bindings);
        }
    }

    /** An example's input, {@code $headers}, own {@code $config} (null: its system's) and bindings ({@code $request}). */
    record Inputs(JsonNode input, Map<String, Object> headers, Map<String, Object> config, Map<String, Object> bindings) {
    }

    /** The result of running one example; {@code failure} is empty when it passed. */
    public record Outcome(Example example, Optional<String> failure) {

        public boolean passed() {
            return failure.isEmpty();
        }
    }

    private final MappingEngine engine;
    private final CanonicalSchemas schemas;
    private final List<ExampleRunner> runners;
    private final ObjectMapper json;

    public GoldenExamples(MappingEngine engine, CanonicalSchemas schemas, ObjectMapper json) {
        this(engine, schemas, List.of(), json);
    }

    /** With the examples of other declarative files too (operation tables). */
    public GoldenExamples(MappingEngine engine, CanonicalSchemas schemas, List<ExampleRunner> runners, ObjectMapper json) {
        this.engine = engine;
        this.schemas = schemas;
        this.runners = List.copyOf(runners);
        this.json = json;
    }

    /** Every example under the folder, in a stable order. */
    public static List<Example> find(Path mappingsRoot) {
        try (Stream<Path> files = Files.walk(mappingsRoot)) {
            return files.filter(f -> f.getFileName().toString().endsWith(IN) || f.getFileName().toString().endsWith(IN_XML))
                    .filter(f -> f.getParent().getFileName().toString().equals("examples"))
                    .sorted(Comparator.naturalOrder())
                    .map(f -> {
                        String file = f.getFileName().toString();
                        String name = file.substring(0, file.length() - (file.endsWith(IN) ? IN.length() : IN_XML.length()));
                        String system = f.getParent().getParent().getFileName().toString();
                        Path xmlOut = f.resolveSibling(name + ".out.xml");
                        return new Example(system, name, f, Files.exists(xmlOut) ? xmlOut : f.resolveSibling(name + ".out.json"));
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
        for (ExampleRunner runner : runners) {
            Optional<String> id = runner.idFor(example.system(), example.name());
            if (id.isPresent()) {
                return run(example, runner, id.get());
            }
        }
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
            Inputs inputs = example.inputs(json);
            if (mappingName.endsWith(".from-canonical")) {
                validateCanonical(entity, inputs.input());
            }
            JsonNode actual = json.readTree(json.writeValueAsBytes(
                    engine.apply(mapping.get().id(), inputs.input(), inputs.headers(), inputs.config(), inputs.bindings())));
            JsonNode expected;
            if (example.xmlOutput()) {
                expected = XmlTrees.read(Files.readAllBytes(example.expected()));
                actual = XmlTrees.read(XmlTrees.write("xml", actual).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                expected = json.readTree(example.expected().toFile());
            }
            if (mappingName.endsWith(".to-canonical")) {
                validateCanonical(entity, actual);
            }
            if (!expected.equals(actual)) {
                return failed(example, "mapping " + mapping.get().id() + " produced\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(actual)
                        + "\nbut " + example.expected().getFileName() + " expects\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
            }
            return new Outcome(example, Optional.empty());
        } catch (CanonicalValidationException | MappingException | MalformedBodyException | IllegalArgumentException e) {
            return failed(example, e.getMessage());
        } catch (IOException e) {
            return failed(example, "unreadable JSON: " + e.getMessage());
        }
    }

    private Outcome run(Example example, ExampleRunner runner, String id) {
        try {
            if (!Files.exists(example.expected())) {
                return failed(example, "missing " + example.expected().getFileName());
            }
            Map<String, Object> config = Files.exists(example.config()) ? json.readValue(example.config().toFile(), JSON_OBJECT)
                    : engine.configOf(example.system());
            JsonNode actual = json.readTree(json.writeValueAsBytes(runner.run(id, json.readTree(example.input().toFile()), config)));
            Optional<String> entity = runner.producesEntity(id);
            if (entity.isPresent() && !actual.has("nothing")) {
                validateCanonical(entity.get(), actual);
            }
            JsonNode expected = json.readTree(example.expected().toFile());
            if (!expected.equals(actual)) {
                return failed(example, id + " produced\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(actual)
                        + "\nbut " + example.expected().getFileName() + " expects\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
            }
            return new Outcome(example, Optional.empty());
        } catch (RuntimeException e) {
            return failed(example, String.valueOf(e.getMessage()));
        } catch (IOException e) {
            return failed(example, "unreadable JSON: " + e.getMessage());
        }
    }

    private void validateCanonical(String entity, JsonNode body) {
        if (schemas.entities().contains(entity)) {
            schemas.validate(entity, body);
        }
    }

    private Optional<CompiledMapping> mappingOf(Example example) {
        return mappingOf(engine.all().values(), example);
    }

    /** The mapping whose name is the longest dot-separated prefix of the case name. */
    static Optional<CompiledMapping> mappingOf(java.util.Collection<CompiledMapping> mappings, Example example) {
        return mappings.stream()
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
