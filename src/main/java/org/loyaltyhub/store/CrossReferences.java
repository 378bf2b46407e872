package org.loyaltyhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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
        ObjectNode copy = canonical.deepCopy();
        ObjectNode refs = copy.has("refs") && copy.get("refs").isObject() ? (ObjectNode) copy.get("refs") : copy.putObject("refs");
        if (ids.isEmpty()) {
            refs.remove(system); // an id another system reported for us is not proof the target has it
        } else {
            refs.put(system, ids.get(0));
        }
        return copy;
    }
}
