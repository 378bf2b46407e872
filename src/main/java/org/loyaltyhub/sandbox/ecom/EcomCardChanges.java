package org.loyaltyhub.sandbox.ecom;

import org.loyaltyhub.sandbox.SandboxProblem;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields one request item sets on a card. A field that is absent stays as it is; a field present with null
 * (only {@code user_id}, {@code legal_entity_name}) is cleared.
 *
 * @param id the card addressed by a bulk-update item (or given in a single PUT body); null otherwise
 * @param values the fields given, by canonical field
 */
public record EcomCardChanges(Long id, Map<EcomField, Object> values) {

    /** Which request an item belongs to, and so what it must carry. */
    public enum Shape {
        /** A bulk-create item: {@code code} and {@code barcode} required; no {@code id}, ecom assigns it. */
        NEW_CARD,
        /** A single-card PUT body: {@code code} and {@code barcode} required; an {@code id}, if any, is the path's. */
        SINGLE_PUT,
        /** A bulk-update item: {@code id} required, every other field optional. */
        BULK_UPDATE_ITEM
    }

    public EcomCardChanges {
        Map<EcomField, Object> copy = new EnumMap<>(EcomField.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy); // EnumMap keeps explicit nulls, unlike Map.copyOf
    }

    boolean has(EcomField field) {
        return values.containsKey(field);
    }

    @SuppressWarnings("unchecked")
    <T> T valueOr(EcomField field, T current) {
        return values.containsKey(field) ? (T) values.get(field) : current;
    }

    /**
     * Reads one request item. Only the snake_case keys of the contract are fields: another spelling the document shows
     * ({@code firstname}, {@code addresses}) is refused with the key to use instead, and so is a key that is no field
     * at all, rather than dropped unseen (NOTES.md, "Spellings" and "Unknown keys").
     *
     * @param index the item's position in a bulk request, null for a single-card request
     * @param problems receives everything wrong with the item
     * @return the changes, or empty when the item has problems
     */
    static Optional<EcomCardChanges> read(JsonNode item, Integer index, Shape shape, List<SandboxProblem> problems) {
        if (item == null || !item.isObject()) {
            problems.add(new SandboxProblem(index, null, "must be a JSON object, was " + item));
            return Optional.empty();
        }
        int problemsBefore = problems.size();
        Long id = readId(item, index, shape, problems);
        Map<EcomField, Object> values = new EnumMap<>(EcomField.class);
        for (Iterator<Map.Entry<String, JsonNode>> entries = item.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = entry.getKey();
            Optional<EcomField> field = EcomField.byWireName(key);
            if (field.isPresent()) {
                try {
                    values.put(field.get(), field.get().read(entry.getValue()));
                } catch (IllegalArgumentException e) {
                    problems.add(new SandboxProblem(index, key, e.getMessage()));
                }
            } else if (!key.equals(ID)) {
                problems.add(new SandboxProblem(index, key, EcomField.byOtherSpelling(key)
                        .map(spelled -> "is how the document's table or bulk-create answer spells \"" + spelled.wireName()
                                + "\"; a request sends \"" + spelled.wireName() + "\"")
                        .orElse("is not a field of a discount card (its fields: " + ID + ", " + WIRE_NAMES + ")")));
            }
        }
        if (shape != Shape.BULK_UPDATE_ITEM) {
            for (EcomField field : EcomField.values()) {
                if (field.requiredOnWrite() && !item.has(field.wireName())) {
                    problems.add(new SandboxProblem(index, field.wireName(), "is required"));
                }
            }
        }
        return problems.size() == problemsBefore ? Optional.of(new EcomCardChanges(id, values)) : Optional.empty();
    }

    private static final String ID = "id";
    private static final String WIRE_NAMES = String.join(", ", Arrays.stream(EcomField.values()).map(EcomField::wireName).toList());

    private static Long readId(JsonNode item, Integer index, Shape shape, List<SandboxProblem> problems) {
        JsonNode id = item.get(ID);
        if (shape == Shape.NEW_CARD) {
            if (id != null) {
                problems.add(new SandboxProblem(index, ID, "is assigned by ecom: a new card carries none, was " + id));
            }
            return null;
        }
        if (id == null || id.isNull()) {
            if (shape == Shape.BULK_UPDATE_ITEM) {
                problems.add(new SandboxProblem(index, ID, "is required"));
            }
            return null;
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
            problems.add(new SandboxProblem(index, ID, "must be a positive integer, was " + id));
            return null;
        }
        return id.longValue();
    }
}
