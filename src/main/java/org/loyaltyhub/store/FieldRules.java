package org.loyaltyhub.store;

import static org.loyaltyhub.formats.YamlNodes.text;
import static org.loyaltyhub.formats.YamlNodes.line;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Who may change which canonical field, and how changes of several systems merge: {@code <hub.mappings.dir>/fields.yaml},
 * checked at load (entities the store keeps, systems that exist, one known mode per field) as subscriptions.yaml is,
 * and swapped whole by {@link #reload()}. Without the file every field is last-writer-wins.
 */
@Component("fieldRules")
public class FieldRules {

    /** How changes to one field merge. */
    public enum Mode { LAST_WRITER_WINS, OWNER, COUNTER }

    /**
     * The rule of a field (a dotted path; a group such as {@code holder} covers every field under it). {@code systems}:
     * the owner, or the systems whose changes a counter adds up; {@code location} is file and line.
     */
    public record Rule(String path, Mode mode, Set<String> systems, String location) {

        /** Whether this system's change to the field is taken. */
        public boolean accepts(String system) {
            return mode == Mode.LAST_WRITER_WINS || systems.contains(system);
        }

        static final Rule LAST_WRITER_WINS = new Rule("", Mode.LAST_WRITER_WINS, Set.of(), "default");
    }

    /** One entity's rules: its default and its listed fields. */
    public record EntityRules(Rule fallback, Map<String, Rule> fields) {

        static final EntityRules NONE = new EntityRules(Rule.LAST_WRITER_WINS, Map.of());

        /** The rule of a field: its own, else that of the nearest group listed above it, else the default. */
        public Rule of(String path) {
            for (String candidate = path; ; candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
                Rule rule = fields.get(candidate);
                if (rule != null) {
                    return rule;
                }
                if (candidate.lastIndexOf('.') < 0) {
                    return fallback.mode() == Mode.LAST_WRITER_WINS ? fallback : new Rule(path, fallback.mode(), fallback.systems(),
                            fallback.location());
                }
            }
        }

        /** The counter fields listed. */
        public List<Rule> counters() {
            return fields.values().stream().filter(rule -> rule.mode() == Mode.COUNTER).toList();
        }
    }

    /** The hub's own point-of-sale ledger: it changes cards (as deltas) without being a configured vendor system. */
    static final String POINT_OF_SALE = "spi";

    private final Path file;
    private final SystemRegistry systems;
    private volatile Map<String, EntityRules> rules;

    @org.springframework.beans.factory.annotation.Autowired
    public FieldRules(@Value("${hub.mappings.dir}") Path mappingsDir, SystemRegistry systems) {
        this.file = mappingsDir.resolve("fields.yaml");
        this.systems = systems;
        this.rules = load(file, systems);
    }

    private FieldRules(Map<String, EntityRules> rules) {
        this.file = null;
        this.systems = null;
        this.rules = Map.copyOf(rules);
    }

    /** Rules given in code, not read from a file (tests of the merge). */
    public static FieldRules given(Map<String, EntityRules> rules) {
        return new FieldRules(rules);
    }

    public EntityRules of(String entity) {
        return rules.getOrDefault(entity, EntityRules.NONE);
    }

    public Map<String, EntityRules> all() {
        return rules;
    }

    /** Reads the file again and swaps the rules in at once; an invalid file fails and the running rules stay. */
    public synchronized Map<String, EntityRules> reload() {
        Map<String, EntityRules> previous = rules;
        rules = load(file, systems);
        return previous;
    }

    /** Puts back rules {@link #reload()} replaced. */
    public synchronized void restore(Map<String, EntityRules> previous) {
        rules = previous;
    }

    /** Loads and checks a fields file; a missing file gives no rules (every field last-writer-wins). */
    public static Map<String, EntityRules> load(Path file, SystemRegistry systems) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (IOException | RuntimeException e) {
            throw new FieldRulesException(file + ": not valid YAML: " + e.getMessage());
        }
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof MappingNode entities)) {
            throw new FieldRulesException(name + ":" + line(root) + ": expected a mapping of canonical entities (" + keptEntities() + ")");
        }
        List<String> problems = new ArrayList<>();
        Map<String, EntityRules> loaded = new LinkedHashMap<>();
        for (NodeTuple tuple : entities.getValue()) {
            String where = name + ":" + line(tuple.getKeyNode());
            String entity = text(tuple.getKeyNode());
            if (entity == null || !CanonicalStore.keeps(entity)) {
                problems.add(where + ": unknown entity '" + entity + "' (entities the store keeps: " + keptEntities() + ")");
                continue;
            }
            if (!(tuple.getValueNode() instanceof MappingNode body)) {
                problems.add(where + ": " + entity + " needs 'default' and/or 'fields'");
                continue;
            }
            Rule fallback = Rule.LAST_WRITER_WINS;
            Map<String, Rule> fields = new LinkedHashMap<>();
            for (NodeTuple part : body.getValue()) {
                String key = text(part.getKeyNode());
                String at = name + ":" + line(part.getKeyNode());
                if ("default".equals(key)) {
                    fallback = rule("", part.getValueNode(), at, systems, problems);
                    if (fallback != null && fallback.mode() == Mode.COUNTER) {
                        problems.add(at + ": a default cannot be a counter (a counter is one numeric field)");
                    }
                    fallback = fallback == null ? Rule.LAST_WRITER_WINS : fallback;
                } else if ("fields".equals(key) && part.getValueNode() instanceof MappingNode listed) {
                    for (NodeTuple field : listed.getValue()) {
                        String path = text(field.getKeyNode());
                        String fieldAt = name + ":" + line(field.getKeyNode());
                        if (path == null || !path.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*")) {
                            problems.add(fieldAt + ": '" + path + "' is not a field path (camelCase names joined by dots, e.g. accumulated.amount)");
                        } else if (path.equals(CanonicalStore.keyField(entity)) || path.equals("refs") || path.startsWith("refs.")) {
                            problems.add(fieldAt + ": " + path + " cannot have a rule: it is the " + entity
                                    + (path.startsWith("refs") ? "'s ids in each system, kept per system" : "'s key"));
                        } else {
                            Rule rule = rule(path, field.getValueNode(), fieldAt, systems, problems);
                            if (rule != null && fields.put(path, rule) != null) {
                                problems.add(fieldAt + ": " + path + " is listed twice");
                            }
                        }
                    }
                } else {
                    problems.add(at + ": unknown key '" + key + "' (keys: default, fields: a mapping of field paths to rules)");
                }
            }
            fields.values().stream().filter(rule -> rule.mode() == Mode.COUNTER).forEach(counter -> fields.keySet().stream()
                    .filter(other -> other.startsWith(counter.path() + ".") || counter.path().startsWith(other + "."))
                    .forEach(other -> problems.add(counter.location() + ": counter " + counter.path() + " overlaps " + other
                            + ": a counter is one field, with no rule above or below it")));
            loaded.put(entity, new EntityRules(fallback, Map.copyOf(fields)));
        }
        if (!problems.isEmpty()) {
            throw new FieldRulesException("Invalid field rules:\n  " + String.join("\n  ", problems));
        }
        return Map.copyOf(loaded);
    }

    /** {@code last-writer-wins}, {@code {owner: <system>}} or {@code {counter: [<system>, ...]}}. */
    private static Rule rule(String path, Node node, String where, SystemRegistry systems, List<String> problems) {
        String expected = "expected last-writer-wins, {owner: <system>} or {counter: [<system>, ...]}";
        if (node instanceof ScalarNode scalar) {
            if (scalar.getValue().equals("last-writer-wins")) {
                return new Rule(path, Mode.LAST_WRITER_WINS, Set.of(), where);
            }
            problems.add(where + ": unknown rule '" + scalar.getValue() + "' (" + expected + ")");
            return null;
        }
        if (!(node instanceof MappingNode mapping) || mapping.getValue().size() != 1) {
            problems.add(where + ": " + expected);
            return null;
        }
        NodeTuple only = mapping.getValue().get(0);
        String kind = text(only.getKeyNode());
        List<String> named = new ArrayList<>();
        if (only.getValueNode() instanceof ScalarNode one) {
            named.add(one.getValue());
        } else if (only.getValueNode() instanceof SequenceNode many) {
            many.getValue().forEach(item -> named.add(text(item)));
        }
        if (named.isEmpty() || named.contains(null)) {
            problems.add(where + ": " + kind + " needs a system name" + ("counter".equals(kind) ? " or a list of them" : ""));
            return null;
        }
        for (String system : named) {
            if (systems != null && !systems.exists(system) && !system.equals(POINT_OF_SALE)) {
                problems.add(where + ": unknown system '" + system + "' (configured: " + systems.names() + ", and " + POINT_OF_SALE + ")");
            }
        }
        if ("owner".equals(kind) && named.size() == 1) {
            return new Rule(path, Mode.OWNER, Set.of(named.get(0)), where);
        }
        if ("counter".equals(kind)) {
            return new Rule(path, Mode.COUNTER, Set.copyOf(named), where);
        }
        problems.add(where + ": " + ("owner".equals(kind) ? "a field has one owner" : "unknown rule '" + kind + "'") + " (" + expected + ")");
        return null;
    }

    private static String keptEntities() {
        return String.join(", ", new java.util.TreeSet<>(CanonicalStore.keptEntities()));
    }

    /** The rule a counter path of an entity has, if it is a counter. */
    public Optional<Rule> counter(String entity, String path) {
        Rule rule = of(entity).fields().get(path);
        return rule != null && rule.mode() == Mode.COUNTER ? Optional.of(rule) : Optional.empty();
    }
}
