package org.loyaltyhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** An entity's id in each system; sinks add the target's id to {@code refs} before mapping. */
@Component("crossReferences")
public class CrossReferences {

    private final NamedParameterJdbcTemplate jdbc;

    public CrossReferences(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets {@code refs.<system>} on the canonical body when the hub knows the entity's id there. */
    public JsonNode withRef(JsonNode canonical, String entity, String system) {
        String key = CanonicalStore.keyOf(entity, canonical);
        List<String> ids = jdbc.queryForList("""
                SELECT external_id FROM cross_reference WHERE entity = :entity AND entity_key = :key AND system = :system
                """, new MapSqlParameterSource().addValue("entity", entity).addValue("key", key).addValue("system", system),
                String.class);
        return withId(canonical, system, ids.isEmpty() ? null : ids.get(0));
    }

    /** The ids in the system of those of the entities (by key) the hub knows it has: one query for a batch. */
    public Map<String, String> idsIn(String system, String entity, Collection<String> keys) {
        Map<String, String> ids = new HashMap<>();
        if (!keys.isEmpty()) {
            jdbc.query("""
                    SELECT entity_key, external_id FROM cross_reference WHERE entity = :entity AND system = :system AND entity_key IN (:keys)
                    """, new MapSqlParameterSource().addValue("entity", entity).addValue("system", system).addValue("keys", keys),
                    row -> {
                        ids.putIfAbsent(row.getString(1), row.getString(2));
                    });
        }
        return ids;
    }

    /** A copy of the canonical body with {@code refs.<system>} set to the id, or removed when there is none. */
    public static JsonNode withId(JsonNode canonical, String system, String id) {
        ObjectNode copy = canonical.deepCopy();
        ObjectNode refs = copy.has("refs") && copy.get("refs").isObject() ? (ObjectNode) copy.get("refs") : copy.putObject("refs");
        if (id == null) {
            refs.remove(system); // an id another system reported for us is not proof the target has it
        } else {
            refs.put(system, id);
        }
        return copy;
    }
}
