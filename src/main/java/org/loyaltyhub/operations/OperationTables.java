package org.loyaltyhub.operations;

import static org.loyaltyhub.formats.YamlNodes.line;
import static org.loyaltyhub.formats.YamlNodes.scalar;
import static org.loyaltyhub.formats.YamlNodes.value;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.loyaltyhub.mapping.CompiledMapping;
import org.loyaltyhub.mapping.MappingSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The operation tables of the mappings folder, {@code <system>/<entity>.operations.yaml}: for each kind of
 * subject (a wallet card: its type and its mechanics or limits), what each event about the entity (a
 * transaction's sale, return, reverted) becomes at the system, checked against the system's own table of
 * which operations each kind takes (the table's {@code catalog}). Loaded and compiled once, like mappings;
 * {@link #problems()} lists everything wrong with file and line, and the hub refuses to start on any (as
 * {@code --check} and a reload refuse the folder). What an event becomes by them is {@link OperationPlanner}'s.
 */
public final class OperationTables {

    /** What a column says. */
    enum Kind { OPERATION, INVERSE, NONE }

    /** How an operation's size is given: an exact decimal, a whole count, or one thing. */
    public enum Unit { AMOUNT, QUANTITY, ONE }

    record Accepts(String cardType, String mechanics, Boolean limits) {
        boolean takes(SubjectKind kind) {
            return cardType.equals(kind.cardType()) && (mechanics == null || mechanics.equals(kind.mechanics()))
                    && (limits == null || limits.equals(kind.limits()));
        }
    }

    record CatalogOperation(String name, String path, String inverse, List<Accepts> accepts) {
    }

    record Catalog(Map<String, Integer> cardTypes, Map<String, CatalogOperation> operations) {
    }

    /** A subject's kind: what the table's card expression gives. */
    public record SubjectKind(String cardType, String mechanics, Boolean limits) {
        @Override
        public String toString() {
            return cardType + (mechanics != null ? " with " + mechanics + " mechanics" : "")
                    + (limits != null ? (limits ? " with limits" : " without limits") : "");
        }
    }

    record Column(Kind kind, String operation, Unit unit, CompiledMapping size, int line) {
    }

    record Rule(SubjectKind kind, Map<String, Column> columns, int line) {
    }

    record Table(String id, String system, String display, Catalog catalog, CompiledMapping subjectKind, String produces, List<Rule> rules) {
    }

    /** The verbs a table's columns name. */
    static final List<String> VERBS = List.of("sale", "return", "reverted");

    private final Map<String, Table> tables;
    private final List<String> problems;

    private OperationTables(Map<String, Table> tables, List<String> problems) {
        this.tables = tables;
        this.problems = problems;
    }

    /** Every {@code <system>/<name>.operations.yaml} under the mappings folder. */
    public static OperationTables load(Path mappingsRoot) {
        Map<String, Table> tables = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(mappingsRoot)) {
            try (Stream<Path> files = Files.walk(mappingsRoot, 2)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".operations.yaml")).sorted().toList()) {
                    String system = file.getParent().getFileName().toString();
                    String name = file.getFileName().toString().replaceFirst("\\.operations\\.yaml$", "");
                    String display = mappingsRoot.getFileName() + "/" + system + "/" + file.getFileName();
                    Table table = read(system + "/" + name, system, file, display, problems);
                    if (table != null) {
                        checkAgainstCatalog(table, problems);
                    }
                    if (table != null) {
                        tables.put(table.id(), table);
                    }
                }
            } catch (IOException e) {
                problems.add(mappingsRoot + ": " + e.getMessage());
            }
        }
        return new OperationTables(Collections.unmodifiableMap(tables), List.copyOf(problems));
    }

    public List<String> problems() {
        return problems;
    }

    public boolean has(String id) {
        return tables.containsKey(id);
    }

    public java.util.Set<String> ids() {
        return tables.keySet();
    }

    /** The path (under the subject's own) of an operation of the table's catalog. */
    public String pathOf(String tableId, String operation) {
        CatalogOperation known = table(tableId).catalog().operations().get(operation);
        if (known == null) {
            throw new IllegalArgumentException("operation " + operation + " is not in the catalog of " + tableId);
        }
        return known.path();
    }

    Table table(String id) {
        Table table = tables.get(id);
        if (table == null) {
            throw new IllegalArgumentException("no operation table '" + id + "' (mappings/<system>/<name>.operations.yaml); loaded: "
                    + tables.keySet());
        }
        return table;
    }

    // ---- loading and checking

    private static Table read(String id, String system, Path file, String display, List<String> problems) {
        MappingNode root = compose(file, display, problems);
        if (root == null) {
            return null;
        }
        String catalogName = scalar(root, "catalog");
        String cardExpression = scalar(root, "card");
        if (catalogName == null || cardExpression == null || !(value(root, "rules") instanceof SequenceNode rules)) {
            problems.add(display + ":1: an operation table needs catalog, card and rules");
            return null;
        }
        Path catalogFile = file.resolveSibling(catalogName);
        String catalogDisplay = display.substring(0, display.lastIndexOf('/') + 1) + catalogName;
        Catalog catalog = readCatalog(catalogFile, catalogDisplay, problems);
        CompiledMapping kind;
        try {
            kind = CompiledMapping.expression(id + "#card", system, display + " (card)", cardExpression);
        } catch (MappingSyntaxException e) {
            problems.add(display + ":" + line(value(root, "card")) + ": card expression: " + e.getMessage());
            return null;
        }
        List<Rule> parsed = new ArrayList<>();
        for (Node item : rules.getValue()) {
            if (!(item instanceof MappingNode rule)) {
                problems.add(display + ":" + line(item) + ": a rule is a mapping of card-type, mechanics, limits, sale, return, reverted");
                continue;
            }
            String cardType = scalar(rule, "card-type");
            if (cardType == null) {
                problems.add(display + ":" + line(item) + ": a rule needs card-type");
                continue;
            }
            if (catalog != null && !catalog.cardTypes().containsKey(cardType)) {
                problems.add(display + ":" + line(item) + ": unknown card type '" + cardType + "' (" + catalog.cardTypes().keySet() + ")");
            }
            String limits = scalar(rule, "limits");
            SubjectKind ruleKind = new SubjectKind(cardType, scalar(rule, "mechanics"), limits == null ? null : Boolean.valueOf(limits));
            Map<String, Column> columns = new LinkedHashMap<>();
            for (NodeTuple tuple : rule.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (List.of("card-type", "mechanics", "limits").contains(key)) {
                    continue;
                }
                if (!VERBS.contains(key)) {
                    problems.add(display + ":" + line(tuple.getKeyNode()) + ": unknown column '" + key + "' (" + VERBS + ")");
                    continue;
                }
                Column column = column(id, system, display, key, tuple.getValueNode(), problems);
                if (column != null) {
                    columns.put(key, column);
                }
            }
            for (String verb : VERBS) {
                if (!columns.containsKey(verb) && problems.stream().noneMatch(p -> p.startsWith(display + ":" + line(item)))) {
                    problems.add(display + ":" + line(item) + ": the " + ruleKind + " rule does not say what a " + verb + " does");
                }
            }
            if (columns.containsKey("sale") && columns.get("sale").kind() == Kind.INVERSE) {
                problems.add(display + ":" + columns.get("sale").line() + ": a sale undoes nothing: it cannot be inverse");
            }
            parsed.add(new Rule(ruleKind, columns, line(item)));
        }
        return catalog == null ? null : new Table(id, system, display, catalog, kind, scalar(root, "produces"), List.copyOf(parsed));
    }

    private static Column column(String id, String system, String display, String verb, Node node, List<String> problems) {
        int line = line(node);
        if (node instanceof ScalarNode scalar) {
            return switch (scalar.getValue()) {
                case "inverse" -> new Column(Kind.INVERSE, null, null, null, line);
                case "none" -> new Column(Kind.NONE, null, null, null, line);
                default -> {
                    problems.add(display + ":" + line + ": " + verb + " is {operation, quantity | amount}, inverse or none, not '" + scalar.getValue() + "'");
                    yield null;
                }
            };
        }
        if (!(node instanceof MappingNode fields) || scalar(fields, "operation") == null) {
            problems.add(display + ":" + line + ": " + verb + " is {operation, quantity | amount}, inverse or none");
            return null;
        }
        String quantity = scalar(fields, "quantity");
        String amount = scalar(fields, "amount");
        if (quantity != null && amount != null) {
            problems.add(display + ":" + line + ": " + verb + " gives a quantity or an amount, not both");
            return null;
        }
        Unit unit = quantity != null ? Unit.QUANTITY : amount != null ? Unit.AMOUNT : Unit.ONE;
        CompiledMapping size = null;
        if (unit != Unit.ONE) {
            try {
                size = CompiledMapping.expression(id + "#" + verb, system, display + ":" + line, quantity != null ? quantity : amount);
            } catch (MappingSyntaxException e) {
                problems.add(display + ":" + line + ": " + verb + ": " + e.getMessage());
                return null;
            }
        }
        return new Column(Kind.OPERATION, scalar(fields, "operation"), unit, size, line);
    }

    /**
     * Every operation a rule can send must be one its kind of card takes: each column's operation, the inverse
     * of the sale's for an inverse return or revert, and the sale's own again for a revert of a return.
     */
    private static void checkAgainstCatalog(Table table, List<String> problems) {
        Map<String, CatalogOperation> operations = table.catalog().operations();
        for (Rule rule : table.rules()) {
            if (!table.catalog().cardTypes().containsKey(rule.kind().cardType())) {
                continue; // reported as an unknown card type
            }
            Column sale = rule.columns().get("sale");
            for (Map.Entry<String, Column> entry : rule.columns().entrySet()) {
                Column column = entry.getValue();
                List<String> sent = new ArrayList<>();
                if (column.kind() == Kind.OPERATION) {
                    sent.add(column.operation());
                } else if (column.kind() == Kind.INVERSE && sale != null && sale.kind() == Kind.OPERATION) {
                    CatalogOperation undone = operations.get(sale.operation());
                    if (undone != null && undone.inverse() == null) {
                        problems.add(table.display() + ":" + column.line() + ": " + entry.getKey() + " of a " + rule.kind() + " card is inverse, but "
                                + sale.operation() + " cannot be undone: say none");
                    } else if (undone != null) {
                        sent.add(undone.inverse());
                        if (entry.getKey().equals("reverted") && rule.columns().containsKey("return")
                                && rule.columns().get("return").kind() == Kind.INVERSE) {
                            sent.add(sale.operation()); // a reverted return gives the sale's effect back
                        }
                    }
                }
                for (String operation : sent) {
                    CatalogOperation known = operations.get(operation);
                    if (known == null) {
                        problems.add(table.display() + ":" + column.line() + ": unknown operation '" + operation + "' (" + operations.keySet() + ")");
                    } else if (known.accepts().stream().noneMatch(accepts -> accepts.takes(rule.kind()))) {
                        problems.add(table.display() + ":" + column.line() + ": " + entry.getKey() + " of a " + rule.kind() + " card would send "
                                + operation + ", which " + table.system() + " takes only on " + describe(known.accepts()));
                    }
                }
            }
        }
    }

    private static String describe(List<Accepts> accepts) {
        return String.join(" or ", accepts.stream().map(a -> new SubjectKind(a.cardType(), a.mechanics(), a.limits()).toString()).toList())
                + " cards";
    }

    private static Catalog readCatalog(Path file, String display, List<String> problems) {
        MappingNode root = compose(file, display, problems);
        if (root == null) {
            return null;
        }
        Map<String, Integer> cardTypes = new LinkedHashMap<>();
        if (value(root, "card-types") instanceof MappingNode types) {
            for (NodeTuple tuple : types.getValue()) {
                cardTypes.put(((ScalarNode) tuple.getKeyNode()).getValue(), Integer.valueOf(((ScalarNode) tuple.getValueNode()).getValue()));
            }
        }
        Map<String, CatalogOperation> operations = new LinkedHashMap<>();
        if (value(root, "operations") instanceof MappingNode list) {
            for (NodeTuple tuple : list.getValue()) {
                String name = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (!(tuple.getValueNode() instanceof MappingNode operation) || scalar(operation, "path") == null
                        || !(value(operation, "accepts") instanceof SequenceNode accepts)) {
                    problems.add(display + ":" + line(tuple.getKeyNode()) + ": operation " + name + " needs path and accepts");
                    continue;
                }
                List<Accepts> taken = new ArrayList<>();
                for (Node entry : accepts.getValue()) {
                    MappingNode fields = (MappingNode) entry;
                    String type = scalar(fields, "card-type");
                    if (type == null || !cardTypes.containsKey(type)) {
                        problems.add(display + ":" + line(entry) + ": operation " + name + " names unknown card type '" + type + "'");
                        continue;
                    }
                    String limits = scalar(fields, "limits");
                    taken.add(new Accepts(type, scalar(fields, "mechanics"), limits == null ? null : Boolean.valueOf(limits)));
                }
                operations.put(name, new CatalogOperation(name, scalar(operation, "path"), scalar(operation, "inverse"), List.copyOf(taken)));
            }
        }
        if (cardTypes.isEmpty() || operations.isEmpty()) {
            problems.add(display + ":1: a catalog needs card-types and operations");
            return null;
        }
        return new Catalog(Collections.unmodifiableMap(cardTypes), Collections.unmodifiableMap(operations));
    }

    private static MappingNode compose(Path file, String display, List<String> problems) {
        if (!Files.exists(file)) {
            problems.add(display + ": missing");
            return null;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Node root = new Yaml(new LoaderOptions()).compose(reader);
            if (root instanceof MappingNode mapping) {
                return mapping;
            }
            problems.add(display + ":1: expected a mapping");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            problems.add(display + ": not valid YAML: " + e.getMessage());
        }
        return null;
    }
}
