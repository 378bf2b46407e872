package org.loyaltyhub.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.loyaltyhub.mapping.CompiledMapping;
import org.loyaltyhub.mapping.ExampleRunner;
import org.loyaltyhub.mapping.MappingException;
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
 * {@link #problems()} lists everything wrong with file and line, and the hub refuses to start on any.
 * <p>
 * {@link #plan} is pure: given the event, its subject, the settings and what the event's original applied
 * (for an undo), it says which operation to send with which amount, or that nothing happens.
 */
public final class OperationTables implements ExampleRunner {

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

    /** What the event's original transaction applied at the system, for an inverse. */
    public record Applied(String transactionId, String operation, Unit unit, BigDecimal magnitude, BigDecimal sourceTotal,
            BigDecimal undone, BigDecimal returnedTotal) {
        BigDecimal remaining() {
            return magnitude.subtract(undone);
        }
    }

    /** An operation to send: the canonical wallet operation and its path, and what the ledger keeps of it. */
    public record Planned(String operation, String path, Unit unit, BigDecimal magnitude, String undoes, BigDecimal sourceTotal,
            ObjectNode canonical) {
    }

    /** The plan: an operation, or nothing with the reason. */
    public record Plan(Optional<Planned> operation, String reason) {
        static Plan nothing(String reason) {
            return new Plan(Optional.empty(), reason);
        }
    }

    /** The verbs a table's columns name. */
    static final List<String> VERBS = List.of("sale", "return", "reverted");

    private final Map<String, Table> tables;
    private final List<String> problems;
    private final ObjectMapper json;

    private OperationTables(Map<String, Table> tables, List<String> problems, ObjectMapper json) {
        this.tables = tables;
        this.problems = problems;
        this.json = json;
    }

    /** Every {@code <system>/<name>.operations.yaml} under the mappings folder. */
    public static OperationTables load(Path mappingsRoot, ObjectMapper json) {
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
        return new OperationTables(Collections.unmodifiableMap(tables), List.copyOf(problems), json);
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

    /** The subject's kind, as the table finds it from the subject and the system's settings. */
    public SubjectKind kindOf(String tableId, JsonNode subject, Map<String, Object> config) {
        Table table = table(tableId);
        Object found = table.subjectKind().evaluate(json.convertValue(subject, Object.class), config, Map.of(), Map.of());
        JsonNode kind = json.valueToTree(found);
        if (kind == null || !kind.path("cardType").isTextual()) {
            throw new IllegalArgumentException(table.display() + ": the card's kind is not configured (its card expression gave "
                    + (kind == null || kind.isNull() ? "nothing" : "no cardType") + ")");
        }
        JsonNode limits = kind.path("limits");
        Boolean limited = limits.isBoolean() || limits.isTextual() ? Boolean.valueOf(limits.asText()) : null;
        return new SubjectKind(kind.get("cardType").asText(), kind.path("mechanics").isTextual() ? kind.get("mechanics").asText() : null, limited);
    }

    /**
     * What the event becomes for a subject of this kind: {@code verb} is the event's (sale, return, reverted);
     * {@code original} what the transaction it undoes applied, when it names one and the system has it.
     */
    public Plan plan(String tableId, String verb, JsonNode event, JsonNode subject, SubjectKind kind, Map<String, Object> config,
            Applied original) {
        Table table = table(tableId);
        Rule rule = table.rules().stream().filter(r -> matches(r.kind(), kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(table.display() + " has no rule for a " + kind + " card"));
        Column column = rule.columns().get(verb);
        if (column == null) {
            throw new IllegalArgumentException(table.display() + " does not say what a " + verb + " does");
        }
        return switch (column.kind()) {
            case NONE -> Plan.nothing((verb.equals("reverted") ? "a revert" : "a " + verb) + " on a " + kind + " card does nothing");
            case OPERATION -> planned(table, column, event, subject, kind, config);
            case INVERSE -> inverse(table, verb, event, subject, kind, original);
        };
    }

    private Plan planned(Table table, Column column, JsonNode event, JsonNode subject, SubjectKind kind, Map<String, Object> config) {
        BigDecimal magnitude = BigDecimal.ONE;
        if (column.unit() != Unit.ONE) {
            Object size;
            try {
                size = column.size().evaluate(json.convertValue(event, Object.class), config, Map.of(),
                        Map.of("card", json.convertValue(subject, Object.class)));
            } catch (MappingException e) {
                throw new MappingException(table.id(), table.display() + ":" + column.line() + ": " + e.getMessage(), e);
            }
            magnitude = sizeOf(table, column, size);
        }
        if (magnitude.signum() <= 0) {
            return Plan.nothing("nothing to move: the " + column.operation() + " would be " + magnitude.toPlainString());
        }
        BigDecimal total = decimal(event.path("totalAmount"));
        return new Plan(Optional.of(operation(table, column.operation(), column.unit(), magnitude, null, total, event, subject, kind)), null);
    }

    private Plan inverse(Table table, String verb, JsonNode event, JsonNode subject, SubjectKind kind, Applied original) {
        if (original == null) {
            return Plan.nothing("the transaction it undoes did nothing at " + table.system());
        }
        String operation = table.catalog().operations().get(original.operation()).inverse();
        if (operation == null) {
            return Plan.nothing(original.operation() + " cannot be undone");
        }
        BigDecimal remaining = original.remaining();
        BigDecimal magnitude = remaining;
        BigDecimal returned = decimal(event.path("totalAmount"));
        if (verb.equals("return") && original.sourceTotal() != null && original.sourceTotal().signum() > 0 && returned != null
                && original.returnedTotal().add(returned).compareTo(original.sourceTotal()) < 0) {
            // a part of the sale comes back: its share, rounded down for counts; the last return takes the rest
            BigDecimal share = original.magnitude().multiply(returned).divide(original.sourceTotal(), 10, RoundingMode.HALF_UP);
            magnitude = original.unit() == Unit.AMOUNT ? share.setScale(original.magnitude().scale(), RoundingMode.HALF_UP)
                    : share.setScale(0, RoundingMode.FLOOR);
            magnitude = magnitude.min(remaining);
        }
        if (magnitude.signum() <= 0) {
            return Plan.nothing(remaining.signum() <= 0 ? "nothing left of " + original.transactionId() + " to undo"
                    : "the returned share of " + original.transactionId() + "'s " + original.operation() + " rounds to nothing");
        }
        return new Plan(Optional.of(operation(table, operation, original.unit(), magnitude, original.transactionId(),
                verb.equals("return") ? returned : null, event, subject, kind)), null);
    }

    private Planned operation(Table table, String operation, Unit unit, BigDecimal magnitude, String undoes, BigDecimal sourceTotal,
            JsonNode event, JsonNode subject, SubjectKind kind) {
        ObjectNode canonical = json.createObjectNode();
        canonical.put("cardNumber", subject.path("number").asText());
        canonical.put("walletCardType", table.catalog().cardTypes().get(kind.cardType()));
        canonical.put("operation", operation);
        if (unit == Unit.AMOUNT) {
            canonical.put("amount", magnitude.toPlainString());
        } else {
            canonical.put("quantity", magnitude.intValueExact());
        }
        if (event.path("id").isTextual()) {
            canonical.put("transactionId", event.get("id").asText());
        }
        canonical.put("comment", "Loyalty Hub " + event.path("type").asText("transaction") + " " + event.path("id").asText(""));
        return new Planned(operation, table.catalog().operations().get(operation).path(), unit, magnitude, undoes, sourceTotal, canonical);
    }

    private static BigDecimal sizeOf(Table table, Column column, Object size) {
        BigDecimal value;
        try {
            value = size instanceof Number number && !(size instanceof Double) ? new BigDecimal(number.toString())
                    : size instanceof Double d && d == Math.rint(d) ? BigDecimal.valueOf(d.longValue())
                    : size instanceof CharSequence text ? new BigDecimal(text.toString())
                    : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null) {
            throw new IllegalArgumentException(table.display() + ":" + column.line() + ": the " + column.unit().name().toLowerCase()
                    + " must be a decimal string or a whole number, was " + size);
        }
        if (column.unit() == Unit.QUANTITY && value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(table.display() + ":" + column.line() + ": a quantity is a whole number, was " + value);
        }
        return column.unit() == Unit.QUANTITY ? value.setScale(0, RoundingMode.UNNECESSARY) : value;
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return new BigDecimal(node.asText());
    }

    private static boolean matches(SubjectKind rule, SubjectKind kind) {
        return rule.cardType().equals(kind.cardType()) && (rule.mechanics() == null || rule.mechanics().equals(kind.mechanics()))
                && (rule.limits() == null || rule.limits().equals(kind.limits()));
    }

    private Table table(String id) {
        Table table = tables.get(id);
        if (table == null) {
            throw new IllegalArgumentException("no operation table '" + id + "' (mappings/<system>/<name>.operations.yaml); loaded: "
                    + tables.keySet());
        }
        return table;
    }

    // ---- golden examples: <system>/examples/<name>.operations.<case>.in.json, input {event, eventType, card, original}

    @Override
    public Optional<String> idFor(String system, String caseName) {
        int at = caseName.indexOf(".operations.");
        String id = at < 0 ? null : system + "/" + caseName.substring(0, at);
        return id != null && tables.containsKey(id) ? Optional.of(id) : Optional.empty();
    }

    @Override
    public JsonNode run(String id, JsonNode input, Map<String, Object> config) {
        JsonNode card = input.path("card");
        String eventType = input.path("eventType").asText();
        JsonNode given = input.path("original");
        Applied original = given.isObject() ? new Applied(given.path("transactionId").asText(), given.path("operation").asText(),
                Unit.valueOf(given.path("unit").asText("QUANTITY")), new BigDecimal(given.path("magnitude").asText()),
                given.hasNonNull("sourceTotal") ? new BigDecimal(given.get("sourceTotal").asText()) : null,
                new BigDecimal(given.path("undone").asText("0")), new BigDecimal(given.path("returnedTotal").asText("0"))) : null;
        Plan plan = plan(id, eventType.substring(eventType.lastIndexOf('.') + 1), input.path("event"), card, kindOf(id, card, config), config,
                original);
        return plan.operation().<JsonNode>map(Planned::canonical).orElseGet(() -> json.createObjectNode().put("nothing", plan.reason()));
    }

    @Override
    public Optional<String> producesEntity(String id) {
        return Optional.ofNullable(table(id).produces());
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

    private static Node value(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(MappingNode mapping, String key) {
        return value(mapping, key) instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
