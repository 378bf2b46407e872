package org.loyaltyhub.bench.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loyaltyhub.check.ConfigCheck;
import org.loyaltyhub.mapping.GoldenExamples;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.systems.SystemRegistry;

/**
 * What the mapping benchmark feeds each mapping: the hub's engine built the way {@link ConfigCheck} builds it
 * (a plain ObjectMapper, the systems' settings of application.yaml), and for every mapping the input (and
 * {@code $headers}) of its first golden example.
 */
public final class MappingInputs {

    /** The ecom card mapping that the hand-written and the Camel {@code jsonata:} baselines do too. */
    public static final String ECOM_CARD = "ecom/card.to-canonical";

    /** One mapping's benchmark input. */
    public record Input(String mapping, byte[] body, Map<String, Object> headers, Map<String, Object> config,
            Map<String, Object> bindings, Path example) {
    }

    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    private MappingInputs() {
    }

    public static SystemRegistry systems() {
        return new SystemRegistry(ConfigCheck.environment(Optional.empty()));
    }

    public static MappingEngine engine(Path mappingsDir, ObjectMapper json) {
        return new MappingEngine(mappingsDir, systems()::mappingConfig, json);
    }

    /** Every mapping of the folder that has a golden example, in id order. */
    public static List<String> mappingIds(Path mappingsDir) {
        MappingEngine engine = engine(mappingsDir, new ObjectMapper());
        return engine.all().keySet().stream().filter(id -> firstExample(mappingsDir, id).isPresent()).sorted().toList();
    }

    public static Input input(Path mappingsDir, String mapping) {
        GoldenExamples.Example example = firstExample(mappingsDir, mapping)
                .orElseThrow(() -> new IllegalArgumentException("mapping " + mapping + " has no golden example in " + mappingsDir));
        try {
            ObjectMapper json = new ObjectMapper();
            Path headersFile = example.input().resolveSibling(example.name() + ".headers.json");
            Map<String, Object> headers = Files.exists(headersFile) ? json.readValue(headersFile.toFile(), HEADERS) : Map.of();
            // the example's own $config and $request, as GoldenExamples gives them
            Path configFile = example.input().resolveSibling(example.name() + ".config.json");
            if (!Files.exists(configFile)) {
                configFile = example.input().resolveSibling("config.json");
            }
            Map<String, Object> config = Files.exists(configFile) ? json.readValue(configFile.toFile(), HEADERS) : null;
            Path requestFile = example.input().resolveSibling(example.name() + ".request.json");
            Map<String, Object> bindings = Files.exists(requestFile) ? Map.of("request", json.readTree(requestFile.toFile())) : Map.of();
            byte[] body = Files.readAllBytes(example.input());
            if (example.input().toString().endsWith(".xml")) {
                body = json.writeValueAsBytes(org.loyaltyhub.formats.XmlTrees.read(body)); // the hub reads XML into this tree first
            }
            return new Input(mapping, body, headers, config, bindings, example.input());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first example (in file-name order) whose case belongs to the mapping; a case belongs to the mapping with the
     * longest name it starts with, as {@link GoldenExamples} decides.
     */
    static Optional<GoldenExamples.Example> firstExample(Path mappingsDir, String mapping) {
        String system = mapping.substring(0, mapping.indexOf('/'));
        String name = mapping.substring(mapping.indexOf('/') + 1);
        List<String> siblings = engine(mappingsDir, new ObjectMapper()).all().keySet().stream()
                .filter(id -> id.startsWith(system + "/")).map(id -> id.substring(system.length() + 1)).toList();
        return GoldenExamples.find(mappingsDir).stream()
                .filter(e -> e.system().equals(system))
                .filter(e -> owner(e.name(), siblings).map(name::equals).orElse(false))
                .min(Comparator.comparing(e -> e.input().getFileName().toString()));
    }

    private static Optional<String> owner(String caseName, List<String> mappingNames) {
        return mappingNames.stream().filter(m -> caseName.equals(m) || caseName.startsWith(m + "."))
                .max(Comparator.comparingInt(String::length));
    }
}
