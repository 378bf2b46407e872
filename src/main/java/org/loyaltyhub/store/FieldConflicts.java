package org.loyaltyhub.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import java.util.List;
import org.loyaltyhub.canonical.CardNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The changes field rules refused and the counter merges that corrected a source's figure: a row each (in the
 * merge's transaction), the counter {@code hub.field.conflicts} per system, entity, field and kind, and a log line
 * with the key masked.
 */
@Component
public class FieldConflicts {

    private static final Logger log = LoggerFactory.getLogger(FieldConflicts.class);

    /** One listed conflict; {@code entityKey} is masked. */
    public record Listed(long id, String entity, String entityKey, String field, String system, String kind, String offered, String kept,
            OffsetDateTime occurredAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final MeterRegistry meters;

    public FieldConflicts(NamedParameterJdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** Records what a merge of one entity from one system did not take as sent; in the caller's transaction. */
    public void record(String system, String entity, String key, List<FieldMerge.Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO field_conflict (entity, entity_key, field, system, kind, offered, kept)
                VALUES (:entity, :key, :field, :system, :kind, :offered, :kept)
                """, conflicts.stream().map(conflict -> new MapSqlParameterSource().addValue("entity", entity).addValue("key", key)
                .addValue("field", conflict.field()).addValue("system", system).addValue("kind", conflict.kind().label())
                .addValue("offered", conflict.offered()).addValue("kept", conflict.kept())).toArray(MapSqlParameterSource[]::new));
        for (FieldMerge.Conflict conflict : conflicts) {
            Counter.builder("hub.field.conflicts").description("Changes a field rule refused, and counter merges that corrected a figure")
                    .tag("system", system).tag("entity", entity).tag("field", conflict.field()).tag("kind", conflict.kind().label())
                    .register(meters).increment();
            if (conflict.kind() == FieldMerge.Kind.COUNTER_MERGED) {
                log.info("{} {}: {}'s {} {} merged as a delta: the hub holds {}", entity, masked(entity, key), system, conflict.field(),
                        conflict.offered(), conflict.kept());
            } else {
                // no values: a holder's details are not for logs
                log.info("{} {}: {}'s change of {} refused ({})", entity, masked(entity, key), system, conflict.field(), conflict.kind().label());
            }
        }
    }

    /** Newest first, optionally of one system and/or kind. */
    public List<Listed> list(String system, String kind, int page, int size) {
        return jdbc.query("""
                SELECT id, entity, entity_key, field, system, kind, offered, kept, occurred_at FROM field_conflict
                WHERE (CAST(:system AS text) IS NULL OR system = :system) AND (CAST(:kind AS text) IS NULL OR kind = :kind)
                ORDER BY occurred_at DESC, id DESC LIMIT :size OFFSET :offset
                """, new MapSqlParameterSource("system", system).addValue("kind", kind).addValue("size", size)
                .addValue("offset", (long) page * size), (row, i) -> new Listed(row.getLong("id"), row.getString("entity"),
                masked(row.getString("entity"), row.getString("entity_key")), row.getString("field"), row.getString("system"),
                row.getString("kind"), row.getString("offered"), row.getString("kept"), row.getObject("occurred_at", OffsetDateTime.class)));
    }

    /** Card numbers are never shown whole; other keys (a promotion's code) are not secret. */
    private static String masked(String entity, String key) {
        return entity.equals("card") ? CardNumbers.mask(key) : key;
    }
}
