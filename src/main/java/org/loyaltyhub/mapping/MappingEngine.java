package org.loyaltyhub.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Loads every {@code <system>/<entity>.<direction>.jsonata} under a mappings folder, compiles each once,
 * and applies them by id ({@code ecom/card.to-canonical}). A file that does not compile stops the load
 * with its file, line and column, so a broken mapping can never start.
 */
public class MappingEngine {

    private static final TypeReference<Object> TREE = new TypeReference<>() {
    };

    private final Path root;
    /** JVM system property: {@code false} runs every mapping on the JSONata interpreter (bench/README, fast path). */
    static final String FAST_PATH_PROPERTY = "hub.mappings.fast-path";

    /** Swapped whole by {@link #reload()}: a message sees either the old or the new mappings, never a mix. */
    private volatile Map<String, CompiledMapping> mappings;
    private final Function<String, Map<String, Object>> configOfSystem;
    private final ObjectMapper json;
    /** Reads a message as maps and lists, as {@code json.readValue(..., Object)} does, without finding its reader each time. */
    private final com.fasterxml.jackson.databind.ObjectReader reader;
    private final ResultTrees trees;

    public MappingEngine(Path root, Function<String, Map<String, Object>> configOfSystem, ObjectMapper json) {
        this(root, configOfSystem, json, null);
    }

    /**
     * An engine of the mappings that compile, each broken one reported to {@code broken} instead of
     * failing the load: for the configuration check, which reports everything at once.
     */
    public static MappingEngine reportingBroken(Path root, Function<String, Map<String, Object>> configOfSystem, ObjectMapper json,
            List<MappingSyntaxException> broken) {
        return new MappingEngine(root, configOfSystem, json, broken);
    }

    private MappingEngine(Path root, Function<String, Map<String, Object>> configOfSystem, ObjectMapper json,
            List<MappingSyntaxException> brokenSink) {
        this.root = root.toAbsolutePath().normalize();
        this.configOfSystem = configOfSystem;
        this.json = resultMapper(json);
        this.reader = this.json.readerFor(TREE);
        this.trees = new ResultTrees(this.json);
        this.mappings = Collections.unmodifiableMap(load(this.root, brokenSink));
    }

    /** The engine's copy of a mapper: decimals from {@code $decimalNumber} keep their digits in the result tree. */
    static ObjectMapper resultMapper(ObjectMapper json) {
        return json.copy().setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    }

    private Map<String, CompiledMapping> load(Path root, List<MappingSyntaxException> brokenSink) {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Mappings folder " + root + " does not exist (hub.mappings.dir)");
        }
        Map<String, CompiledMapping> loaded = new TreeMap<>();
        List<MappingSyntaxException> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonata")).sorted().toList()) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() != 2) {
                    continue; // only <system>/<name>.jsonata; examples and helpers live deeper
                }
                String system = relative.getName(0).toString();
                String name = relative.getName(1).toString().replaceFirst("\\.jsonata$", "");
                String id = system + "/" + name;
                String display = root.getFileName() + "/" + relative.toString().replace('\\', '/');
                try {
                    loaded.put(id, new CompiledMapping(id, system, file, display, Files.readString(file, StandardCharsets.UTF_8)));
                } catch (MappingSyntaxException e) {
                    broken.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read mappings under " + root, e);
        }
        if (brokenSink != null) {
            brokenSink.addAll(broken);
        } else if (!broken.isEmpty()) {
            throw new MappingLoadException(broken);
        }
        if (!Boolean.parseBoolean(System.getProperty(FAST_PATH_PROPERTY, "true"))) {
            // the benchmarks' measure of what the fast path buys: every mapping on the library's interpreter
            loaded.replaceAll((id, mapping) -> mapping.onInterpreter(FAST_PATH_PROPERTY + "=false"));
            return new TreeMap<>(loaded);
        }
        return new TreeMap<>(FastPathCheck.verified(loaded, root, configOfSystem, json, trees));
    }

    /**
     * Compiles the folder again and swaps the new mappings in at once; a file that does not compile fails
     * the reload ({@link MappingLoadException}) and the running mappings stay. Returns the mappings it
     * replaced, for {@link #restore}.
     */
    public synchronized Map<String, CompiledMapping> reload() {
        Map<String, CompiledMapping> loaded = Collections.unmodifiableMap(load(root, null));
        Map<String, CompiledMapping> previous = mappings;
        mappings = loaded;
        return previous;
    }

    /** Puts back mappings {@link #reload()} replaced (a reload that failed further on). */
    public synchronized void restore(Map<String, CompiledMapping> previous) {
        mappings = previous;
    }

    /** A system's settings as its mappings see them ({@code $config}). */
    public Map<String, Object> configOf(String system) {
        return configOfSystem.apply(system);
    }

    public Path root() {
        return root;
    }

    public boolean has(String id) {
        return mappings.containsKey(id);
    }

    public CompiledMapping get(String id) {
        CompiledMapping mapping = mappings.get(id);
        if (mapping == null) {
            throw new MappingException(id, "no such mapping; loaded: " + mappings.keySet(), null);
        }
        return mapping;
    }

    public Map<String, CompiledMapping> all() {
        return mappings;
    }

    /** Applies a mapping to JSON text or bytes and returns the result as a tree. */
    public JsonNode apply(String id, Object body, Map<String, Object> headers) {
        return apply(id, body, headers, null, Map.of());
    }

    /**
     * Applies a mapping with {@code $config} given ({@code null}: the system's settings, as always outside golden
     * examples) and further variables ({@code bindings}, JSON trees or plain values).
     */
    public JsonNode apply(String id, Object body, Map<String, Object> headers, Map<String, Object> config, Map<String, Object> bindings) {
        CompiledMapping mapping = get(id);
        Object input = toTree(id, body);
        Map<String, Object> variables = bindings.isEmpty() ? Map.of() : new java.util.HashMap<>();
        bindings.forEach((name, value) -> variables.put(name, value instanceof JsonNode node ? toTree(id, node) : value));
        JsonNode output = mapping.evaluateToTree(input, config != null ? config : configOfSystem.apply(mapping.system()),
                headers == null ? Map.of() : headers, variables, trees);
        if (output == null) {
            throw new MappingException(id, "the mapping produced nothing for this message", null);
        }
        return output;
    }

    /** The engine's result trees, as {@link #apply} builds them. */
    ResultTrees trees() {
        return trees;
    }

    /** A message body (JSON text, bytes, tree) as a Jackson tree; a body that is not JSON fails the mapping. */
    public JsonNode readTree(String id, Object body) {
        if (body instanceof JsonNode node) {
            return node;
        }
        return json.valueToTree(toTree(id, body));
    }

    private Object toTree(String id, Object body) {
        try {
            if (body instanceof String text) {
                return reader.readValue(text);
            }
            if (body instanceof byte[] bytes) {
                return reader.readValue(bytes);
            }
            if (body instanceof JsonNode node) {
                return json.convertValue(node, TREE);
            }
            if (body instanceof Map<?, ?> || body instanceof List<?>) {
                return body;
            }
            return json.convertValue(body, TREE);
        } catch (IOException | IllegalArgumentException e) {
            throw new MappingException(id, "input is not valid JSON: " + e.getMessage(), e);
        }
    }
}
