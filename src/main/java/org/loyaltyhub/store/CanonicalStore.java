package org.loyaltyhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loyaltyhub.canonical.CanonicalEntity;
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

    /** Entity name -> its key field, for the entities the store keeps ({@link CanonicalEntity#keyField}). */
    private static final Map<String, String> KEY_FIELDS = java.util.Arrays.stream(CanonicalEntity.values())
            .filter(entity -> entity.keyField().isPresent())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(CanonicalEntity::entityName, entity -> entity.keyField().get()));

    /** Whether the store keeps this entity (and so it has a key and cross references). */
    public static boolean keeps(String entity) {
        return KEY_FIELDS.containsKey(entity);
    }

    /** The entities the store keeps. */
    public static java.util.Set<String> keptEntities() {
        return KEY_FIELDS.keySet();
    }

    /** The source of an event whose merge corrected the sending system's figure: it goes to every target, that one too. */
    public static final String MERGE_SOURCE = "hub";

    private final NamedParameterJdbcTemplate jdbc;
    private final EventOutbox outbox;
    private final ObjectMapper json;
    private final TransactionTemplate transactions;
    private final FieldRules fieldRules;
    private final FieldConflicts conflicts;

    public CanonicalStore(NamedParameterJdbcTemplate jdbc, EventOutbox outbox, ObjectMapper json, TransactionTemplate transactions,
            FieldRules fieldRules, FieldConflicts conflicts) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.json = json;
        this.fieldRules = fieldRules;
        this.conflicts = conflicts;
    }

    /** The property holding an entity's key ({@code number} of a card). */
    public static String keyField(String entity) {
        String field = KEY_FIELDS.get(entity);
        if (field == null) {
            throw new IllegalArgumentException("Entity '" + entity + "' is not kept in the store; stored: " + KEY_FIELDS.keySet());
        }
        return field;
    }

    public static String keyOf(String entity, JsonNode canonical) {
        String field = keyField(entity);
        JsonNode key = canonical.path(field);
        if (!key.isTextual() || key.asText().isBlank()) {
            throw new IllegalArgumentException(entity + " has no " + field);
        }
        return key.asText();
    }

    @Transactional
    public Intake accept(String system, String entity, JsonNode canonical) {
        return acceptAll(system, entity, List.of(canonical)).get(0);
    }

    /** Of these item hashes, the ones the system's entities were last taken in with: those items are unchanged. */
    public java.util.Set<String> knownItems(String system, String entity, java.util.Collection<String> itemHashes) {
        return new java.util.HashSet<>(jdbc.queryForList("""
                SELECT item_hash FROM source_state WHERE system = :system AND entity = :entity AND item_hash IN (:hashes)
                """, new MapSqlParameterSource().addValue("system", system).addValue("entity", entity).addValue("hashes", itemHashes),
                String.class));
    }

    @Transactional
    public List<Intake> acceptAll(String system, String entity, List<JsonNode> canonicals) {
        return acceptAll(system, entity, canonicals, null, null);
    }

    @Transactional
    public List<Intake> acceptAll(String system, String entity, List<JsonNode> canonicals, List<String> itemHashes) {
        return acceptAll(system, entity, canonicals, itemHashes, null);
    }

    /**
     * Takes many entities from one source in one database transaction, each as {@link #accept} would, with a
     * few batched statements instead of several per entity: what each one did, in the order given. Rows are
     * locked in key order, so two batches never wait on each other in a circle. Fields merge by the rules of
     * {@code fields.yaml} ({@link FieldMerge}); {@code readAt} is when the hub asked the source (a poll's start; null:
     * now, as for a webhook), against which a counter reading is judged news or not.
     */
    @Transactional
    public List<Intake> acceptAll(String system, String entity, List<JsonNode> canonicals, List<String> itemHashes,
            java.time.OffsetDateTime readAt) {
        return acceptAll(system, entity, canonicals, itemHashes, readAt, false);
    }

    /**
     * What a system holds, read just before the hub writes the entity back to it (read-before-write): taken in as a
     * poll's reading is, so a change made there since the last poll is merged and goes out with the write. The write
     * carries the merged figure, so a counter this corrects is not announced back to that system.
     */
    @Transactional
    public Intake acceptBeforeWrite(String system, String entity, JsonNode canonical, java.time.OffsetDateTime readAt) {
        return acceptAll(system, entity, List.of(canonical), null, readAt, true).get(0);
    }

    /** The database's clock, which every hub instance shares: when a reading was asked for. */
    public java.time.OffsetDateTime databaseTime() {
        return now();
    }

    private List<Intake> acceptAll(String system, String entity, List<JsonNode> canonicals, List<String> itemHashes,
            java.time.OffsetDateTime readAt, boolean beforeWrite) {
        List<String> keys = canonicals.stream().map(canonical -> keyOf(entity, canonical)).toList();
        if (new java.util.HashSet<>(keys).size() < keys.size()) {
            // the same entity twice in one batch: one at a time, so the second sees the first
            List<Intake> one = new ArrayList<>();
            for (int i = 0; i < canonicals.size(); i++) {
                one.add(acceptAll(system, entity, List.of(canonicals.get(i)), itemHashes == null ? null : List.of(itemHashes.get(i)),
                        readAt, beforeWrite).get(0));
            }
            return one;
        }
        Intake[] outcomes = new Intake[keys.size()];
        MapSqlParameterSource[] states = java.util.stream.IntStream.range(0, keys.size()).mapToObj(i -> params(system, entity, keys.get(i))
                .addValue("hash", ContentHash.of(canonicals.get(i))).addValue("item", itemHashes == null ? null : itemHashes.get(i)))
                .toArray(MapSqlParameterSource[]::new);
        int[] changedAtSource = jdbc.batchUpdate("""
                INSERT INTO source_state (system, entity, entity_key, content_hash, item_hash) VALUES (:system, :entity, :key, :hash, :item)
                ON CONFLICT (system, entity, entity_key) DO UPDATE SET content_hash = EXCLUDED.content_hash, item_hash = EXCLUDED.item_hash,
                    updated_at = now()
                WHERE source_state.content_hash <> EXCLUDED.content_hash
                """, states);
        if (itemHashes != null) {
            // the item changed in a way the mapping does not see: known by its new hash from now on
            jdbc.batchUpdate("""
                    UPDATE source_state SET item_hash = :item WHERE system = :system AND entity = :entity AND entity_key = :key
                    AND item_hash IS DISTINCT FROM :item
                    """, java.util.stream.IntStream.range(0, keys.size()).filter(i -> changedAtSource[i] == 0).mapToObj(i -> states[i])
                    .toArray(MapSqlParameterSource[]::new));
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            // a driver that cannot count a statement of a batch says SUCCESS_NO_INFO: take it as changed
            if (changedAtSource[i] == 0) {
                outcomes[i] = Intake.UNCHANGED_AT_SOURCE;
            } else {
                changed.add(i);
            }
        }
        if (changed.isEmpty()) {
            return List.of(outcomes);
        }
        keepCrossReferences(entity, changed.stream().collect(java.util.stream.Collectors.toMap(keys::get, i -> canonicals.get(i).path("refs"))));

        List<String> changedKeys = changed.stream().map(keys::get).toList();
        Map<String, Stored> stored = lock(entity, changedKeys);
        java.time.OffsetDateTime asOf = readAt != null ? readAt : now();
        Map<String, Map<String, FieldMerge.Seen>> seen = seen(system, entity, changedKeys);
        FieldRules.EntityRules rules = fieldRules.of(entity);
        List<MapSqlParameterSource> known = new ArrayList<>();
        List<MapSqlParameterSource> upserts = new ArrayList<>();
        List<MapSqlParameterSource> readings = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<CloudEvent> events = new ArrayList<>();
        Map<String, Map<String, String>> versions = new java.util.HashMap<>();
        for (int i : changed) {
            String key = keys.get(i);
            Stored before = stored.get(key);
            FieldMerge.Result result = FieldMerge.merge(rules, keyField(entity), system, before == null ? null : before.body(),
                    canonicals.get(i), seen.getOrDefault(key, Map.of()), before == null ? Map.of() : before.times(), asOf, asOf);
            conflicts.record(system, entity, key, result.conflicts());
            if (result.staleCounter()) {
                stale.add(key);
            }
            result.seen().forEach((field, value) -> readings.add(params(system, entity, key).addValue("field", field)
                    .addValue("seen", value).addValue("at", asOf).addValue("landed", result.landed().contains(field))));
            JsonNode merged = result.merged();
            String mergedHash = ContentHash.of(merged);
            String body = write(merged);
            MapSqlParameterSource row = params(system, entity, key).addValue("body", body).addValue("hash", mergedHash)
                    .addValue("times", writeTimes(result.times()));
            if (before != null && before.hash().equals(mergedHash)) {
                known.add(row);
                outcomes[i] = Intake.ALREADY_KNOWN;
            } else {
                long version = before == null ? 1 : before.version() + 1;
                upserts.add(row.addValue("version", version));
                // a source whose counter the merge corrected needs the merged figure as much as any other target
                CloudEvent event = CloudEvent.of(result.sourceBehind() && !beforeWrite ? MERGE_SOURCE : system, entity, "upserted", key, body);
                events.add(event);
                versions.put(event.id(), Map.of(CloudEvent.HEADER_ENTITY_VERSION, String.valueOf(version)));
                outcomes[i] = Intake.PUBLISHED;
            }
        }
        if (!known.isEmpty()) {
            jdbc.batchUpdate("""
                    UPDATE canonical_entity SET body = CAST(:body AS jsonb), field_times = CAST(:times AS jsonb)
                    WHERE entity = :entity AND entity_key = :key
                    """, known.toArray(MapSqlParameterSource[]::new));
        }
        if (!upserts.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO canonical_entity (entity, entity_key, body, content_hash, source, version, field_times)
                    VALUES (:entity, :key, CAST(:body AS jsonb), :hash, :system, :version, CAST(:times AS jsonb))
                    ON CONFLICT (entity, entity_key) DO UPDATE SET body = EXCLUDED.body, content_hash = EXCLUDED.content_hash,
                        source = EXCLUDED.source, version = EXCLUDED.version, field_times = EXCLUDED.field_times, updated_at = now()
                    """, upserts.toArray(MapSqlParameterSource[]::new));
            outbox.appendAll(events, versions);
        }
        saveSeen(readings);
        if (!stale.isEmpty()) {
            // a counter read before the hub's last write was passed over: the same content read again must be looked at
            jdbc.batchUpdate("""
                    UPDATE source_state SET content_hash = '', item_hash = NULL WHERE system = :system AND entity = :entity AND entity_key = :key
                    """, stale.stream().map(key -> params(system, entity, key)).toArray(MapSqlParameterSource[]::new));
        }
        return List.of(outcomes);
    }

    /**
     * A system that reports changes as deltas (the SPI ledger: a sale adds its total) moves counters by them, and its
     * other fields merge by the rules as any source's. In the caller's transaction, under the entity's row lock; the
     * event is published. Returns the entity as the hub now holds it. A counter the rules do not let this system move
     * is left as it is and the refusal recorded.
     */
    @Transactional
    public JsonNode addToCounters(String system, String entity, JsonNode change, Map<String, java.math.BigDecimal> deltas) {
        String key = keyOf(entity, change);
        Stored before = lock(entity, List.of(key)).get(key);
        java.time.OffsetDateTime asOf = now();
        FieldRules.EntityRules rules = fieldRules.of(entity);
        FieldMerge.Result result = FieldMerge.merge(rules, keyField(entity), system, before == null ? null : before.body(), change,
                Map.of(), before == null ? Map.of() : before.times(), asOf, asOf);
        ObjectNode merged = (ObjectNode) result.merged();
        List<FieldMerge.Conflict> refused = new ArrayList<>(result.conflicts());
        deltas.forEach((field, delta) -> {
            FieldRules.Rule rule = rules.of(field);
            ObjectNode parent = parentOf(merged, field);
            String name = field.substring(field.lastIndexOf('.') + 1);
            if (rule.mode() == FieldRules.Mode.COUNTER && !rule.accepts(system)) {
                refused.add(new FieldMerge.Conflict(field, FieldMerge.Kind.NOT_A_COUNTER_SOURCE, delta.toPlainString(),
                        parent.path(name).asText(null)));
            } else {
                parent.put(name, FieldMerge.add(parent.get(name), delta));
            }
        });
        conflicts.record(system, entity, key, refused);
        String body = write(merged);
        long version = before == null ? 1 : before.version() + 1;
        jdbc.update("""
                INSERT INTO canonical_entity (entity, entity_key, body, content_hash, source, version, field_times)
                VALUES (:entity, :key, CAST(:body AS jsonb), :hash, :system, :version, CAST(:times AS jsonb))
                ON CONFLICT (entity, entity_key) DO UPDATE SET body = EXCLUDED.body, content_hash = EXCLUDED.content_hash,
                    source = EXCLUDED.source, version = EXCLUDED.version, field_times = EXCLUDED.field_times, updated_at = now()
                """, params(system, entity, key).addValue("body", body).addValue("hash", ContentHash.of(merged))
                .addValue("version", version).addValue("times", writeTimes(result.times())));
        CloudEvent event = CloudEvent.of(system, entity, "upserted", key, body);
        outbox.appendAll(List.of(event), Map.of(event.id(), Map.of(CloudEvent.HEADER_ENTITY_VERSION, String.valueOf(version))));
        return merged;
    }

    /** The stored rows of these keys, locked in key order until the transaction ends. */
    private Map<String, Stored> lock(String entity, List<String> keys) {
        Map<String, Stored> stored = new java.util.HashMap<>();
        jdbc.query("""
                SELECT entity_key, body, content_hash, version, field_times FROM canonical_entity
                WHERE entity = :entity AND entity_key IN (:keys) ORDER BY entity_key FOR UPDATE
                """, new MapSqlParameterSource().addValue("entity", entity).addValue("keys", keys),
                row -> {
                    stored.put(row.getString("entity_key"), new Stored(readTree(row.getString("body")), row.getString("content_hash"),
                            row.getLong("version"), readTimes(row.getString("field_times"))));
                });
        return stored;
    }

    /** What the hub last saw of each counter from this system, by key and field. */
    private Map<String, Map<String, FieldMerge.Seen>> seen(String system, String entity, List<String> keys) {
        Map<String, Map<String, FieldMerge.Seen>> seen = new java.util.HashMap<>();
        if (fieldRules.of(entity).counters().isEmpty()) {
            return seen;
        }
        jdbc.query("""
                SELECT entity_key, field, seen, seen_at, writing FROM field_counter_seen
                WHERE entity = :entity AND system = :system AND entity_key IN (:keys)
                """, params(system, entity, null).addValue("keys", keys), row -> {
                    seen.computeIfAbsent(row.getString("entity_key"), k -> new java.util.HashMap<>()).put(row.getString("field"),
                            new FieldMerge.Seen(row.getBigDecimal("seen"), row.getObject("seen_at", java.time.OffsetDateTime.class),
                                    row.getBigDecimal("writing")));
                });
        return seen;
    }

    /**
     * New readings of counters; a reading never replaces a later one (a write recorded meanwhile), except one that shows
     * a write landed ({@code landed}: the end of a write, or a reading showing exactly what a write under way sends).
     * Seeing the figure a write is marked with ends that mark (a later write's mark stays).
     */
    private void saveSeen(List<MapSqlParameterSource> readings) {
        if (!readings.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO field_counter_seen (entity, entity_key, field, system, seen, seen_at)
                    VALUES (:entity, :key, :field, :system, :seen, :at)
                    ON CONFLICT (entity, entity_key, field, system) DO UPDATE SET seen = EXCLUDED.seen,
                        seen_at = GREATEST(field_counter_seen.seen_at, EXCLUDED.seen_at),
                        writing = CASE WHEN field_counter_seen.writing = EXCLUDED.seen THEN NULL ELSE field_counter_seen.writing END
                    WHERE field_counter_seen.seen_at <= EXCLUDED.seen_at OR :landed
                    """, readings.toArray(MapSqlParameterSource[]::new));
        }
    }

    /**
     * Marks the counters a write to {@code system} is about to send (read-before-write, just before the call), entity
     * by entity: until the write's answer is recorded ({@link #recordDelivered}), a reading of the system that shows
     * exactly the figure sent is that write landed, not a change of the system's own. A mark whose write never lands
     * stays until the entity's next write replaces it. A system that has never held the entity (a create) is taken to
     * hold what is sent, as of now: a reading of it before its answer is recorded is the create landed, and a change
     * made there later is the difference from that figure.
     */
    @Transactional
    public void markWriting(String system, String entity, Map<String, JsonNode> sending) {
        List<MapSqlParameterSource> marks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> item : new java.util.TreeMap<>(sending).entrySet()) {
            for (FieldRules.Rule counter : fieldRules.of(entity).counters()) {
                java.math.BigDecimal figure = FieldMerge.decimal(item.getValue().at("/" + counter.path().replace('.', '/')));
                if (figure != null && counter.accepts(system)) {
                    marks.add(params(system, entity, item.getKey()).addValue("field", counter.path()).addValue("writing", figure));
                }
            }
        }
        if (marks.isEmpty()) {
            return;
        }
        lock(entity, marks.stream().map(mark -> (String) mark.getValue("key")).distinct().toList());
        jdbc.batchUpdate("""
                INSERT INTO field_counter_seen (entity, entity_key, field, system, seen, seen_at, writing)
                VALUES (:entity, :key, :field, :system, :writing, clock_timestamp(), :writing)
                ON CONFLICT (entity, entity_key, field, system) DO UPDATE SET writing = EXCLUDED.writing
                """, marks.toArray(MapSqlParameterSource[]::new));
    }

    /** The database's clock, which every hub instance shares (the poll's start is taken from it too). */
    private java.time.OffsetDateTime now() {
        return jdbc.getJdbcTemplate().queryForObject("SELECT clock_timestamp()", java.time.OffsetDateTime.class);
    }

    private static ObjectNode parentOf(ObjectNode root, String path) {
        ObjectNode node = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]) instanceof ObjectNode child ? child : node.putObject(parts[i]);
        }
        return node;
    }

    private String writeTimes(Map<String, java.time.OffsetDateTime> times) {
        ObjectNode node = json.createObjectNode();
        new java.util.TreeMap<>(times).forEach((field, time) -> node.put(field, time.toString()));
        return write(node);
    }

    private Map<String, java.time.OffsetDateTime> readTimes(String text) {
        Map<String, java.time.OffsetDateTime> times = new java.util.HashMap<>();
        if (text != null) {
            readTree(text).fields().forEachRemaining(field -> times.put(field.getKey(), java.time.OffsetDateTime.parse(field.getValue().asText())));
        }
        return times;
    }

    private static MapSqlParameterSource params(String system, String entity, String key) {
        return new MapSqlParameterSource().addValue("system", system).addValue("entity", entity).addValue("key", key);
    }

    /**
     * Records what a system holds after the hub delivered to it (read back from its answer), so that
     * polling it later does not bring the hub's own change back as news.
     */
    @Transactional
    public void recordDelivered(String system, String entity, JsonNode canonicalAsSystemHoldsIt) {
        String key = keyOf(entity, canonicalAsSystemHoldsIt);
        // the item read before is no longer what the system holds: the same item read again is news
        jdbc.update("""
                INSERT INTO source_state (system, entity, entity_key, content_hash) VALUES (:system, :entity, :key, :hash)
                ON CONFLICT (system, entity, entity_key) DO UPDATE SET content_hash = EXCLUDED.content_hash, item_hash = NULL,
                    updated_at = now()
                """, new MapSqlParameterSource().addValue("system", system).addValue("entity", entity)
                .addValue("key", key).addValue("hash", ContentHash.of(canonicalAsSystemHoldsIt)));
        keepCrossReferences(entity, key, canonicalAsSystemHoldsIt.path("refs"));
        recordCountersHeld(system, entity, key, canonicalAsSystemHoldsIt);
    }

    /**
     * After a write, the counters the system holds are what the hub wrote (its answer): the baseline of its next change,
     * as of the end of the write, so a reading asked for before it (which may predate the write) is not taken as news.
     * Under the entity's row lock, so no merge of the same entity reads the baseline half-way.
     */
    private void recordCountersHeld(String system, String entity, String key, JsonNode held) {
        List<MapSqlParameterSource> readings = new ArrayList<>();
        for (FieldRules.Rule counter : fieldRules.of(entity).counters()) {
            JsonNode value = held.at("/" + counter.path().replace('.', '/'));
            java.math.BigDecimal figure = FieldMerge.decimal(value);
            if (figure != null && counter.accepts(system)) {
                readings.add(params(system, entity, key).addValue("field", counter.path()).addValue("seen", figure).addValue("landed", true));
            }
        }
        if (readings.isEmpty()) {
            return;
        }
        lock(entity, List.of(key));
        java.time.OffsetDateTime at = now();
        readings.forEach(reading -> reading.addValue("at", at));
        saveSeen(readings);
    }

    /**
     * What a complete poll of {@code system} no longer listed: the keys of the entities the system sent before (its id
     * in refs.<system> not among {@code seenIds}) and not changed since the poll started.
     */
    public List<String> deletionCandidates(String system, String entity, java.util.Set<String> seenIds, java.time.OffsetDateTime pollStarted) {
        return known(system, entity, pollStarted).stream().filter(entry -> !seenIds.contains(entry[1])).map(entry -> entry[0]).toList();
    }

    /** How many entities of this kind the system has sent and the hub still holds. */
    public int knownFrom(String system, String entity) {
        return jdbc.queryForObject("SELECT count(*) FROM source_state WHERE system = :system AND entity = :entity",
                new MapSqlParameterSource().addValue("system", system).addValue("entity", entity), Integer.class);
    }

    /**
     * The system no longer lists these entities: each one not changed at the system since {@code pollStarted} is
     * deleted from the store and announced as {@code <entity>.deleted}, with its last canonical body, each in a
     * transaction of its own. Returns how many.
     */
    public int deleteAtSource(String system, String entity, java.util.Collection<String> keys, java.time.OffsetDateTime pollStarted) {
        java.util.Set<String> stillKnown = new java.util.HashSet<>();
        known(system, entity, pollStarted).forEach(entry -> stillKnown.add(entry[0]));
        int deleted = 0;
        for (String key : keys) {
            if (stillKnown.contains(key) && Boolean.TRUE.equals(transactions.execute(status -> delete(system, entity, key)))) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Key and the system's id of every entity the system sent before {@code before}. */
    private List<String[]> known(String system, String entity, java.time.OffsetDateTime before) {
        return jdbc.query("""
                SELECT s.entity_key, x.external_id FROM source_state s
                JOIN cross_reference x ON x.entity = s.entity AND x.entity_key = s.entity_key AND x.system = s.system
                WHERE s.system = :system AND s.entity = :entity AND s.updated_at < :started
                """, new MapSqlParameterSource().addValue("system", system).addValue("entity", entity).addValue("started", before),
                (row, i) -> new String[] {row.getString(1), row.getString(2)});
    }

    /** Deletes the entity and announces it; false when it was gone already (announced by whoever deleted it). */
    private boolean delete(String system, String entity, String key) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("system", system).addValue("entity", entity)
                .addValue("key", key);
        List<String> body = jdbc.queryForList("""
                DELETE FROM canonical_entity WHERE entity = :entity AND entity_key = :key RETURNING CAST(body AS text)
                """, params, String.class);
        int sources = jdbc.update("DELETE FROM source_state WHERE entity = :entity AND entity_key = :key", params);
        if (body.isEmpty() && sources == 0) {
            // deleted meanwhile (a poll and an operator's approval of held deletions racing): announced once, there
            return false;
        }
        jdbc.update("DELETE FROM cross_reference WHERE entity = :entity AND entity_key = :key", params);
        String data = write(body.isEmpty() ? json.createObjectNode().put(KEY_FIELDS.get(entity), key) : readTree(body.get(0)));
        outbox.append(CloudEvent.of(system, entity, "deleted", key, data));
        return true;
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

    /**
     * Of the entities at the given versions (by key), those the hub holds a later version of: their current state, by
     * key. An entity the store does not hold is left out.
     */
    public Map<String, JsonNode> newerThan(String entity, Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonNode> newer = new java.util.HashMap<>();
        jdbc.query("SELECT entity_key, body, version FROM canonical_entity WHERE entity = :entity AND entity_key IN (:keys)",
                new MapSqlParameterSource().addValue("entity", entity).addValue("keys", versions.keySet()), row -> {
                    String key = row.getString("entity_key");
                    if (row.getLong("version") > versions.get(key)) {
                        newer.put(key, readTree(row.getString("body")));
                    }
                });
        return newer;
    }

    public Optional<JsonNode> find(String entity, String key) {
        return jdbc.query("SELECT body FROM canonical_entity WHERE entity = :entity AND entity_key = :key",
                new MapSqlParameterSource().addValue("entity", entity).addValue("key", key),
                (row, i) -> readTree(row.getString("body"))).stream().findFirst();
    }

    private void keepCrossReferences(String entity, String key, JsonNode refs) {
        keepCrossReferences(entity, Map.of(key, refs));
    }

    /** Every entity's ids in other systems (its refs), in one batch. */
    private void keepCrossReferences(String entity, Map<String, JsonNode> refsByKey) {
        List<MapSqlParameterSource> rows = new ArrayList<>();
        refsByKey.forEach((key, refs) -> refs.fields().forEachRemaining(ref -> {
            if (ref.getValue().isValueNode() && !ref.getValue().isNull()) {
                rows.add(new MapSqlParameterSource().addValue("entity", entity).addValue("key", key)
                        .addValue("system", ref.getKey()).addValue("id", ref.getValue().asText()));
            }
        }));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO cross_reference (entity, entity_key, system, external_id) VALUES (:entity, :key, :system, :id)
                    ON CONFLICT (entity, entity_key, system) DO UPDATE SET external_id = EXCLUDED.external_id, updated_at = now()
                    """, rows.toArray(MapSqlParameterSource[]::new));
        }
    }

    /** Incoming fields win; nested objects (holder, accumulated, refs) merge field by field. Cross references merge so. */
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

    private record Stored(JsonNode body, String hash, long version, Map<String, java.time.OffsetDateTime> times) {
    }
}
