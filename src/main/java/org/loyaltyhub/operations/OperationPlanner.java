package org.loyaltyhub.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import org.loyaltyhub.mapping.ExampleRunner;
import org.loyaltyhub.mapping.MappingException;
import org.loyaltyhub.operations.OperationTables.Column;
import org.loyaltyhub.operations.OperationTables.Rule;
import org.loyaltyhub.operations.OperationTables.SubjectKind;
import org.loyaltyhub.operations.OperationTables.Table;
import org.loyaltyhub.operations.OperationTables.Unit;

/**
 * What an event becomes by the {@link OperationTables} it was made with: the table's card expression gives the
 * subject's kind, and the rule for that kind says which operation to send with which amount, or that nothing
 * happens. Pure: the same event, subject, settings and original (what the transaction it undoes applied) give the
 * same plan; what was sent and applied is {@link OperationPlans}' to keep.
 * <p>
 * It runs the operation tables' golden examples too, so that they pass through the planning deliveries use.
 */
public final class OperationPlanner implements ExampleRunner {

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

    private final OperationTables tables;
    private final ObjectMapper json;

    public OperationPlanner(OperationTables tables, ObjectMapper json) {
        this.tables = tables;
        this.json = json;
    }

    /** The tables it plans by: a reload swaps the planner, so these and the plans always go together. */
    public OperationTables tables() {
        return tables;
    }

    /** The subject's kind, as the table finds it from the subject and the system's settings. */
    public SubjectKind kindOf(String tableId, JsonNode subject, Map<String, Object> config) {
        Table table = tables.table(tableId);
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
        Table table = tables.table(tableId);
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

    // ---- golden examples: <system>/examples/<name>.operations.<case>.in.json, input {event, eventType, card, original}

    @Override
    public Optional<String> idFor(String system, String caseName) {
        int at = caseName.indexOf(".operations.");
        String id = at < 0 ? null : system + "/" + caseName.substring(0, at);
        return id != null && tables.has(id) ? Optional.of(id) : Optional.empty();
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
        return Optional.ofNullable(tables.table(id).produces());
    }
}
