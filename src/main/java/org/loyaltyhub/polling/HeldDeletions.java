package org.loyaltyhub.polling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.systems.SystemRegistry;
import org.loyaltyhub.systems.SystemSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deletion guard: a poll that would delete more than {@code hub.systems.<name>.deletion-guard.max-share}
 * (default 10 %) of the entities the hub holds from a system, and more than {@code .min-count} (default 3), deletes
 * nothing. A vendor answering an empty page by mistake must not empty the hub. The deletions wait for an operator
 * (approve or reject), counted in the {@code hub.poll.deletions.held} gauge; a later poll that deletes within the
 * guard supersedes the hold.
 */
@Component
public class HeldDeletions {

    private static final Logger LOG = LoggerFactory.getLogger(HeldDeletions.class);

    /** One held poll's deletions. */
    public record Hold(long id, String system, String entity, List<String> keys, int known, OffsetDateTime pollStarted,
            String status, OffsetDateTime heldAt, OffsetDateTime decidedAt, Integer deleted) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CanonicalStore store;
    private final SystemRegistry systems;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final Map<String, AtomicInteger> heldGauges = new ConcurrentHashMap<>();

    public HeldDeletions(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, CanonicalStore store, SystemRegistry systems,
            MeterRegistry meters, ObjectMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.systems = systems;
        this.meters = meters;
        this.json = json;
    }

    /** A complete poll's deletions: done when the guard allows them, else held for an operator. Returns how many were deleted. */
    public int settle(String system, String entity, java.util.Set<String> seenIds, OffsetDateTime pollStarted) {
        List<String> gone = store.deletionCandidates(system, entity, seenIds, pollStarted);
        int known = store.knownFrom(system, entity);
        if (allows(system, gone.size(), known)) {
            supersede(system, entity);
            return gone.isEmpty() ? 0 : store.deleteAtSource(system, entity, gone, pollStarted);
        }
        hold(system, entity, gone, known, pollStarted);
        return 0;
    }

    boolean allows(String system, int deletions, int known) {
        SystemSettings.Polling guard = systems.get(system).polling();
        return deletions <= guard.deletionMinCount()
                || BigDecimal.valueOf(deletions).compareTo(guard.deletionMaxShare().multiply(BigDecimal.valueOf(known))) <= 0;
    }

    private void hold(String system, String entity, List<String> keys, int known, OffsetDateTime pollStarted) {
        MapSqlParameterSource params = new MapSqlParameterSource("system", system).addValue("entity", entity)
                .addValue("keys", write(keys)).addValue("known", known).addValue("started", pollStarted);
        transactions.executeWithoutResult(status -> {
            int renewed = jdbc.update("""
                    UPDATE held_deletion SET entity_keys = CAST(:keys AS jsonb), known = :known, poll_started = :started
                    WHERE system = :system AND entity = :entity AND status = 'held'
                    """, params);
            if (renewed == 0) {
                jdbc.update("""
                        INSERT INTO held_deletion (system, entity, entity_keys, known, poll_started)
                        VALUES (:system, :entity, CAST(:keys AS jsonb), :known, :started)
                        """, params);
                LOG.warn("{} {} poll no longer lists {} of the {} it sent: deletions held for an operator (/ops/api/held-deletions)",
                        system, entity, keys.size(), known);
            }
        });
        gauge(system, entity).set(keys.size());
    }

    private void supersede(String system, String entity) {
        jdbc.update("""
                UPDATE held_deletion SET status = 'superseded', decided_at = now() WHERE system = :system AND entity = :entity AND status = 'held'
                """, new MapSqlParameterSource("system", system).addValue("entity", entity));
        gauge(system, entity).set(0);
    }

    /** An operator agrees: the held entities not seen at the system since are deleted. Empty when no such open hold. */
    public Optional<Hold> approve(long id) {
        Optional<Hold> hold = find(id).filter(h -> h.status().equals("held"));
        hold.ifPresent(h -> {
            int deleted = store.deleteAtSource(h.system(), h.entity(), h.keys(), h.pollStarted());
            decide(id, "approved", deleted);
            LOG.info("Held deletions {} of {} {} approved: {} deleted", id, h.system(), h.entity(), deleted);
        });
        return hold.flatMap(h -> find(id));
    }

    /** An operator refuses: nothing is deleted; a later poll that finds the same gap holds it again. */
    public Optional<Hold> reject(long id) {
        Optional<Hold> hold = find(id).filter(h -> h.status().equals("held"));
        hold.ifPresent(h -> decide(id, "rejected", 0));
        return hold.flatMap(h -> find(id));
    }

    private void decide(long id, String status, int deleted) {
        Hold hold = find(id).orElseThrow();
        jdbc.update("UPDATE held_deletion SET status = :status, decided_at = now(), deleted = :deleted WHERE id = :id",
                new MapSqlParameterSource("id", id).addValue("status", status).addValue("deleted", deleted));
        gauge(hold.system(), hold.entity()).set(0);
    }

    public List<Hold> list(String status) {
        return jdbc.query("SELECT * FROM held_deletion WHERE (CAST(:status AS text) IS NULL OR status = :status) ORDER BY id DESC LIMIT 200",
                new MapSqlParameterSource("status", status), (row, i) -> read(row));
    }

    public Optional<Hold> find(long id) {
        return jdbc.query("SELECT * FROM held_deletion WHERE id = :id", new MapSqlParameterSource("id", id), (row, i) -> read(row))
                .stream().findFirst();
    }

    private Hold read(java.sql.ResultSet row) throws java.sql.SQLException {
        List<String> keys;
        try {
            keys = List.of(json.readValue(row.getString("entity_keys"), String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Hold(row.getLong("id"), row.getString("system"), row.getString("entity"), keys, row.getInt("known"),
                row.getObject("poll_started", OffsetDateTime.class), row.getString("status"),
                row.getObject("held_at", OffsetDateTime.class), row.getObject("decided_at", OffsetDateTime.class),
                (Integer) row.getObject("deleted"));
    }

    private AtomicInteger gauge(String system, String entity) {
        return heldGauges.computeIfAbsent(system + "/" + entity, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("hub.poll.deletions.held", value, AtomicInteger::get)
                    .description("Deletions a poll found and the deletion guard holds for an operator")
                    .tags("system", system, "entity", entity).register(meters);
            return value;
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the ops API: a hold without its (possibly long) key list, and the first keys as a sample. */
    public static Map<String, Object> summary(Hold hold) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", hold.id());
        summary.put("system", hold.system());
        summary.put("entity", hold.entity());
        summary.put("deletions", hold.keys().size());
        summary.put("known", hold.known());
        summary.put("sample", hold.keys().subList(0, Math.min(20, hold.keys().size())));
        summary.put("status", hold.status());
        summary.put("heldAt", hold.heldAt());
        summary.put("decidedAt", hold.decidedAt());
        summary.put("deleted", hold.deleted());
        return summary;
    }
}
