package org.loyaltyhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.events.EventOutbox;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes canonical entities in from source systems: detects change per source, merges into the store,
 * keeps cross references, and appends the {@code <entity>.upserted} event in the same transaction.
 */
@Component("canonicalStore")
public class CanonicalStore {

    /** What happened to an entity offered by a source. */
    public enum Intake {
        /** The source sent what it sent last time (or what the hub delivered to it): nothing to do. */
        UNCHANGED_AT_SOURCE,
        /** New at the source, but the hub already holds this content (another system sent it first). */
        ALREADY_KNOWN,
        /** Changed: stored, and an event is on its way. */
        PUBLISHED
    }

    private static final Map<String, String> KEY_FIELDS = Map.of(
            "card", "number", "promotion", "code", "transaction", "id");

    /** Whether the store keeps this entity (and so it has a key and cross references). */
    public static boolean keeps(String entity) {
        return KEY_FIELDS.containsKey(entity);
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final EventOutbox outbox;
    private final ObjectMapper json;
    private final TransactionTemplate transactions;

    public CanonicalStore(NamedParameterJdbcTemplate jdbc, EventOutbox outbox, ObjectMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.json = json;
    }

    public static String keyOf(String entity, JsonNode canonical) {
        String field = KEY_FIELDS.get(entity);
        if (field == null) {
            throw new IllegalArgumentException("Entity '" + entity + "' is not kept in the store; stored: " + KEY_FIELDS.keySet());
        }
        JsonNode key = canonical.path(field);
        if (!key.isTextual() || key.asText().isBlank()) {
            throw new IllegalArgumentException(entity + " has no " + field);
        }
        return key.asText();
    }

    @Transactional
    public Intake accept(String system, String entity, JsonNode canonical) {
        String key = keyOf(entity, canonical);
        String hash = ContentHash.of(canonical);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("system", system).addValue("entity", entity).addValue("key", key).addValue("hash", hash);
        int changedAtSource = jdbc.update("""
                INSERT INTO source_state (system, entity, entity_key, content_hash) VALUES (:system, :entity, :key, :hash)
                ON CONFLICT (system, entity, entity_key) DO UPDATE SET content_hash = EXCLUDED.content_hash, updated_at = now()
                WHERE source_state.content_hash <> EXCLUDED.content_hash
                """, params);
        if (changedAtSource == 0) {
            return Intake.UNCHANGED_AT_SOURCE;
        }
        keepCrossReferences(entity, key, canonical.path("refs"));

        List<Stored> stored = jdbc.query("""
                SELECT body, content_hash FROM canonical_entity WHERE entity = :entity AND entity_key = :key FOR UPDATE
                """, params, (row, i) -> new Stored(readTree(row.getString("body")), row.getString("content_hash")));
        JsonNode merged = stored.isEmpty() ? canonical : merge(stored.get(0).body().deepCopy(), canonical);
        String mergedHash = ContentHash.of(merged);
        params.addValue("body", write(merged)).addValue("hash", mergedHash);
        if (!stored.isEmpty() && stored.get(0).hash().equals(mergedHash)) {
            jdbc.update("UPDATE canonical_entity SET body = CAST(:body AS jsonb) WHERE entity = :entity AND entity_key = :key", params);
            return Intake.ALREADY_KNOWN;
        }
        jdbc.update("""
                INSERT INTO canonical_entity (entity, entity_key, body, content_hash, source)
                VALUES (:entity, :key, CAST(:body AS jsonb), :hash, :system)
                ON CONFLICT (entity, entity_key) DO UPDATE SET body = EXCLUDED.body, content_hash = EXCLUDED.content_hash,
                    source = EXCLUDED.source, version = canonical_entity.version + 1, updated_at = now()
                """, params);
        outbox.append(CloudEvent.of(system, entity, "upserted", key, write(merged)));
        return Intake.PUBLISHED;
    }

    /**
     * Records what a system holds after the hub delivered to it (read back from its answer), so that
     * polling it later does not bring the hub's own change back as news.
     */
    @Transactional
    public void recordDelivered(String system, String entity, JsonNode canonicalAsSystemHoldsIt) {
        String key = keyOf(entity, canonicalAsSystemHoldsIt);
        jdbc.update("""
                INSERT INTO source_state (system, entity, entity_key, content_hash) VALUES (:system, :entity, :key, :hash)
                ON CONFLICT (system, entity, entity_key) DO UPDATE SET content_hash = EXCLUDED.content_hash, updated_at = now()
                """, new MapSqlParameterSource().addValue("system", system).addValue("entity", entity)
                .addValue("key", key).addValue("hash", ContentHash.of(canonicalAsSystemHoldsIt)));
        keepCrossReferences(entity, key, canonicalAsSystemHoldsIt.path("refs"));
    }

    /**
     * A complete poll of {@code system} no longer listed these entities: each one the system sent before
     * (its id in refs.<system> not among {@code seenIds}, and not changed since the poll started) is deleted
     * from the store and announced as {@code <entity>.deleted}, with its last canonical body, each in a
     * transaction of its own. Returns how many.
     */
    public int deletedAtSource(String system, String entity, java.util.Set<String> seenIds, java.time.OffsetDateTime pollStarted) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("system", system).addValue("entity", entity)
                .addValue("started", pollStarted);
        List<String[]> known = jdbc.query("""
                SELECT s.entity_key, x.external_id FROM source_state s
                JOIN cross_reference x ON x.entity = s.entity AND x.entity_key = s.entity_key AND x.system = s.system
                WHERE s.system = :system AND s.entity = :entity AND s.updated_at < :started
                """, params, (row, i) -> new String[] {row.getString(1), row.getString(2)});
        int deleted = 0;
        for (String[] entry : known) {
            if (!seenIds.contains(entry[1])) {
                transactions.executeWithoutResult(status -> delete(system, entity, entry[0]));
                deleted++;
            }
        }
        return deleted;
    }

    private void delete(String system, String entity, String key) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("system", system).addValue("entity", entity)
                .addValue("key", key);
        List<String> body = jdbc.queryForList("""
                DELETE FROM canonical_entity WHERE entity = :entity AND entity_key = :key RETURNING CAST(body AS text)
                """, params, String.class);
        jdbc.update("DELETE FROM source_state WHERE entity = :entity AND entity_key = :key", params);
        jdbc.update("DELETE FROM cross_reference WHERE entity = :entity AND entity_key = :key", params);
        String data = write(body.isEmpty() ? json.createObjectNode().put(KEY_FIELDS.get(entity), key) : readTree(body.get(0)));
        outbox.append(CloudEvent.of(system, entity, "deleted", key, data));
    }

    /**
     * A target no longer holds the entity (the hub deleted it there, or it answered that it has no such id):
     * its id (refs.<refName>) and what the hub knew it held are forgotten, so the next delivery creates it afresh.
     */
    @Transactional
    public void forgetAt(String system, String refName, String entity, String key) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("system", system).addValue("ref", refName)
                .addValue("entity", entity).addValue("key", key);
        jdbc.update("DELETE FROM source_state WHERE system = :system AND entity = :entity AND entity_key = :key", params);
        jdbc.update("DELETE FROM cross_reference WHERE system = :ref AND entity = :entity AND entity_key = :key", params);
    }

    public Optional<JsonNode> find(String entity, String key) {
        return jdbc.query("SELECT body FROM canonical_entity WHERE entity = :entity AND entity_key = :key",
                new MapSqlParameterSource().addValue("entity", entity).addValue("key", key),
                (row, i) -> readTree(row.getString("body"))).stream().findFirst();
    }

    private void keepCrossReferences(String entity, String key, JsonNode refs) {
        Iterator<Map.Entry<String, JsonNode>> entries = refs.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> ref = entries.next();
            if (ref.getValue().isValueNode() && !ref.getValue().isNull()) {
                jdbc.update("""
                        INSERT INTO cross_reference (entity, entity_key, system, external_id) VALUES (:entity, :key, :system, :id)
                        ON CONFLICT (entity, entity_key, system) DO UPDATE SET external_id = EXCLUDED.external_id, updated_at = now()
                        """, new MapSqlParameterSource().addValue("entity", entity).addValue("key", key)
                        .addValue("system", ref.getKey()).addValue("id", ref.getValue().asText()));
            }
        }
    }

    /** Incoming fields win; nested objects (holder, accumulated, refs) merge field by field. */
    static JsonNode merge(JsonNode target, JsonNode incoming) {
        if (!(target instanceof ObjectNode base) || !incoming.isObject()) {
            return incoming;
        }
        incoming.fields().forEachRemaining(field -> {
            JsonNode existing = base.get(field.getKey());
            base.set(field.getKey(), existing != null && existing.isObject() && field.getValue().isObject()
                    ? merge(existing, field.getValue()) : field.getValue());
        });
        return base;
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored body is not JSON", e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(JsonNode body, String hash) {
    }
}
