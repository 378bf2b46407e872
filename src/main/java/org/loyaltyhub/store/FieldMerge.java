package org.loyaltyhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.loyaltyhub.store.FieldRules.Mode;
import org.loyaltyhub.store.FieldRules.Rule;

/**
 * Merges one source's version of an entity into what the hub holds, field by field, as {@code fields.yaml} says:
 * last-writer-wins by the change's time, an owner's field refused to every other system, and a counter moved by the
 * difference from what the hub last saw from that source. Pure: the store reads and writes the state around it.
 * A field the hub holds no value of yet is taken from anyone (filling a gap is no conflict), so a system may create an
 * entity with every field.
 */
public final class FieldMerge {

    /**
     * What the hub last saw of a counter from one source, and as of when (a reading or the end of a write);
     * {@code writing}: the figure a write of the hub's to that source is sending, until its answer is recorded (null:
     * none under way).
     */
    public record Seen(BigDecimal value, OffsetDateTime at, BigDecimal writing) {

        public Seen(BigDecimal value, OffsetDateTime at) {
            this(value, at, null);
        }
    }

    /** A change that did not go through as sent: refused, or a counter whose merged value differs from the source's. */
    public record Conflict(String field, Kind kind, String offered, String kept) {
    }

    public enum Kind {
        /** Another system owns the field. */
        NOT_OWNER,
        /** The system is not one of the counter's sources. */
        NOT_A_COUNTER_SOURCE,
        /** Last-writer-wins: the hub holds a later change of the field. */
        OLDER_CHANGE,
        /** A counter: the source's change was added to the hub's value, which differs from the source's figure. */
        COUNTER_MERGED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The merge's outcome. {@code seen}: the counters' new readings from this source; {@code times}: the entity's
     * field change times after the merge; {@code sourceBehind}: a counter the source sent now differs from the hub's,
     * so the source must be sent the merged value too; {@code staleCounter}: a counter reading was passed over as older
     * than the hub's last reading of or write to the source; {@code landed}: the counters whose reading showed exactly
     * what a write under way sends (that write has landed).
     */
    public record Result(JsonNode merged, Map<String, BigDecimal> seen, Map<String, OffsetDateTime> times, List<Conflict> conflicts,
            boolean sourceBehind, boolean staleCounter, java.util.Set<String> landed) {
    }

    private FieldMerge() {
    }

    /**
     * @param stored    what the hub holds (null: a new entity)
     * @param incoming  the source's canonical entity (it may carry only some fields)
     * @param seen      the counters' last readings from this source, by field
     * @param times     the entity's field change times, by field
     * @param changedAt when the source changed it: its own change time where it has one, else when the hub read it
     * @param readAt    when the hub asked the source (a poll's start, a webhook's arrival): a counter reading older than
     *                  the source's last reading or the hub's last write to it is not news
     */
    public static Result merge(FieldRules.EntityRules rules, String keyField, String system, JsonNode stored, JsonNode incoming,
            Map<String, Seen> seen, Map<String, OffsetDateTime> times, OffsetDateTime changedAt, OffsetDateTime readAt) {
        ObjectNode base = stored instanceof ObjectNode object ? object.deepCopy() : JsonNodeFactory.instance.objectNode();
        Merging merging = new Merging(rules, keyField, system, seen, new HashMap<>(times), changedAt, readAt);
        merging.object(base, incoming, "");
        return new Result(base, merging.newSeen, merging.times, merging.conflicts, merging.sourceBehind, merging.staleCounter, merging.landed);
    }

    /** A counter's value moved by a delta (a POS sale): exact, at the scale of the larger of the two. */
    public static String add(JsonNode current, BigDecimal delta) {
        BigDecimal value = decimal(current);
        return (value == null ? delta : value.add(delta)).toPlainString();
    }

    private static final class Merging {
        private final FieldRules.EntityRules rules;
        private final String keyField;
        private final String system;
        private final Map<String, Seen> seen;
        private final Map<String, OffsetDateTime> times;
        private final OffsetDateTime changedAt;
        private final OffsetDateTime readAt;
        private final Map<String, BigDecimal> newSeen = new HashMap<>();
        private final List<Conflict> conflicts = new ArrayList<>();
        private final java.util.Set<String> landed = new java.util.HashSet<>();
        private boolean sourceBehind;
        private boolean staleCounter;

        Merging(FieldRules.EntityRules rules, String keyField, String system, Map<String, Seen> seen, Map<String, OffsetDateTime> times,
                OffsetDateTime changedAt, OffsetDateTime readAt) {
            this.rules = rules;
            this.keyField = keyField;
            this.system = system;
            this.seen = seen;
            this.times = times;
            this.changedAt = changedAt;
            this.readAt = readAt;
        }

        void object(ObjectNode base, JsonNode incoming, String prefix) {
            incoming.fields().forEachRemaining(field -> {
                String path = prefix + field.getKey();
                JsonNode existing = base.get(field.getKey());
                JsonNode value = field.getValue();
                if (path.equals("refs") || path.equals(keyField)) {
                    // ids in other systems merge id by id, each system's own; the key names the entity
                    base.set(field.getKey(), existing != null && existing.isObject() && value.isObject()
                            ? CanonicalStore.merge(existing, value) : value);
                } else if (value.isObject() && (existing == null || existing.isObject())) {
                    ObjectNode nested = existing == null ? base.putObject(field.getKey()) : (ObjectNode) existing;
                    object(nested, value, path + ".");
                    if (existing == null && nested.isEmpty()) {
                        base.remove(field.getKey());
                    }
                } else {
                    leaf(base, field.getKey(), path, existing, value);
                }
            });
        }

        void leaf(ObjectNode base, String name, String path, JsonNode existing, JsonNode value) {
            Rule rule = rules.of(path);
            boolean gap = existing == null || existing.isNull();
            if (rule.mode() == Mode.COUNTER && rule.accepts(system)) {
                counter(base, name, path, existing, value);
                return;
            }
            if (existing != null && existing.equals(value)) {
                return;
            }
            if (!rule.accepts(system) && !gap) {
                conflicts.add(new Conflict(path, rule.mode() == Mode.OWNER ? Kind.NOT_OWNER : Kind.NOT_A_COUNTER_SOURCE,
                        text(value), text(existing)));
                return;
            }
            if (rule.mode() == Mode.LAST_WRITER_WINS) {
                OffsetDateTime last = times.get(path);
                if (last != null && changedAt.isBefore(last)) {
                    conflicts.add(new Conflict(path, Kind.OLDER_CHANGE, text(value), text(existing)));
                    return;
                }
                times.put(path, changedAt);
            }
            base.set(name, value);
        }

        /** A source that holds the counter as an absolute figure: its change is the difference from its last reading. */
        void counter(ObjectNode base, String name, String path, JsonNode existing, JsonNode value) {
            BigDecimal offered = decimal(value);
            if (offered == null) {
                return; // a source without the figure says nothing about it
            }
            Seen last = seen.get(path);
            if (last != null && last.writing() != null && offered.compareTo(last.writing()) == 0) {
                // exactly the figure the hub's write under way sends: that write has landed (its answer not recorded yet),
                // and the source changed nothing of its own; compared with the reading before the write it would count the
                // hub's own change a second time
                newSeen.put(path, offered);
                landed.add(path);
                return;
            }
            if (last != null && last.at() != null && readAt.isBefore(last.at())) {
                staleCounter = true; // read before the hub's later reading or write: not news, the next reading tells
                return;
            }
            BigDecimal held = decimal(existing);
            newSeen.put(path, offered);
            if (held == null) {
                base.put(name, offered.toPlainString());
                return;
            }
            BigDecimal baseline = last != null ? last.value() : held; // a source never read is taken to hold the hub's value
            BigDecimal delta = offered.subtract(baseline);
            if (delta.signum() == 0) {
                return;
            }
            BigDecimal merged = held.add(delta);
            base.put(name, merged.toPlainString());
            if (merged.compareTo(offered) != 0) {
                conflicts.add(new Conflict(path, Kind.COUNTER_MERGED, offered.toPlainString(), merged.toPlainString()));
                sourceBehind = true;
            }
        }
    }

    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return node.isNumber() ? node.decimalValue() : node.isTextual() ? new BigDecimal(node.asText()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.isTextual() ? node.asText() : node.toString();
    }
}
