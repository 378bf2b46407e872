package org.loyaltyhub.sandbox.ecom;

import org.loyaltyhub.sandbox.SandboxProblem;

import java.util.Collections;
import java.util.EnumMap;
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

    /** What an item must carry. */
    public enum Shape {
        /** A new card or a single-card PUT: {@code code} and {@code barcode} required. */
        FULL,
        /** A bulk-update item: {@code id} required, every other field optional. */
        PARTIAL
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
     * Reads one request item, accepting every documented spelling of a key.
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
        for (EcomField field : EcomField.values()) {
            JsonNode value = null;
            String spelling = null;
            for (String name : field.spellings()) {
                JsonNode candidate = item.get(name);
                if (candidate == null) {
                    continue;
                }
                if (value == null) {
                    value = candidate;
                    spelling = name;
                } else if (!value.equals(candidate)) {
                    problems.add(new SandboxProblem(index, field.wireName(),
                            "given as both \"" + spelling + "\" and \"" + name + "\" with different values"));
                }
            }
            if (value == null) {
                if (shape == Shape.FULL && field.requiredOnWrite()) {
                    problems.add(new SandboxProblem(index, field.wireName(), "is required"));
                }
                continue;
            }
            try {
                values.put(field, field.read(value));
            } catch (IllegalArgumentException e) {
                problems.add(new SandboxProblem(index, field.wireName(), e.getMessage()));
            }
        }
        return problems.size() == problemsBefore ? Optional.of(new EcomCardChanges(id, values)) : Optional.empty();
    }

    private static Long readId(JsonNode item, Integer index, Shape shape, List<SandboxProblem> problems) {
        JsonNode id = item.get("id");
        if (id == null || id.isNull()) {
            if (shape == Shape.PARTIAL) {
                problems.add(new SandboxProblem(index, "id", "is required"));
            }
            return null;
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
            problems.add(new SandboxProblem(index, "id", "must be a positive integer, was " + id));
            return null;
        }
        return id.longValue();
    }
}
