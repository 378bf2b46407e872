package org.loyaltyhub.delivery;

import java.util.Collection;
import java.util.Optional;
import org.loyaltyhub.reliability.AwaitingPollException;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates whose outcome the hub does not know. Vendor create APIs take no idempotency key, so a create sent
 * again after no answer, a 5xx or a crash between the vendor's answer and the hub recording it would create the
 * entity twice. A create is marked (by the entity's key, or the event's id for entities the hub does not keep)
 * as it leaves, and cleared with its answer or when the vendor certainly did not take it. A marked create is
 * not sent again blindly: for a polled system, not until a full poll that started after the mark showed whether the
 * system has it (a failed create's mark is moved to the time of its failure: a poll started between the call leaving
 * and the vendor applying it would not show it); for any other, only by an operator's replay. While the call is still
 * under way ({@link #sending}) no poll tells: until the system's connect and read timeouts have passed, by when the
 * call has ended one way or the other unless the hub stopped during it.
 */
@Component("unconfirmedCreates")
public class UnconfirmedCreates {

    /** What to do with an entity the target does not know by id. */
    public enum Decision { CREATE, WAIT_FOR_POLL }

    private final NamedParameterJdbcTemplate jdbc;
    private final SystemRegistry systems;

    public UnconfirmedCreates(NamedParameterJdbcTemplate jdbc, SystemRegistry systems) {
        this.jdbc = jdbc;
        this.systems = systems;
    }

    /** The failure of a delivery that must wait for the system's next poll: checked again every poll interval. */
    public AwaitingPollException awaitingPoll(String system, String what) {
        return new AwaitingPollException(what + " sent to " + system + " before without an answer (its outcome unknown); "
                + "waiting for the next poll of " + system + " to show whether it exists", systems.get(system).pollInterval());
    }

    /** The creates leave now: marked, and under way until their call ends. */
    public void sending(String system, String entity, Collection<String> keys) {
        mark(system, entity, keys, true);
    }

    /** The creates' call failed now, and whether the vendor applied them is unknown. */
    public void failed(String system, String entity, Collection<String> keys) {
        mark(system, entity, keys, false);
    }

    private void mark(String system, String entity, Collection<String> keys, boolean sending) {
        jdbc.batchUpdate("""
                INSERT INTO create_in_flight (system, entity, entity_key, sending) VALUES (:system, :entity, :key, :sending)
                ON CONFLICT (system, entity, entity_key) DO UPDATE SET started_at = now(), sending = EXCLUDED.sending
                """, keys.stream().map(key -> params(system, entity).addValue("key", key).addValue("sending", sending))
                .toArray(MapSqlParameterSource[]::new));
    }

    public void clear(String system, String entity, Collection<String> keys) {
        if (!keys.isEmpty()) {
            jdbc.update("DELETE FROM create_in_flight WHERE system = :system AND entity = :entity AND entity_key IN (:keys)",
                    params(system, entity).addValue("keys", keys));
        }
    }

    /** Exchange property: the marks to clear in the transaction that records the delivery ({@link #clearDelivered}). */
    static final String CLEAR_WITH_DELIVERY = "hubCreatesClearedWithDelivery";

    /** Leaves a mark to be cleared with the delivery's record. */
    @SuppressWarnings("unchecked")
    static void clearWithDelivery(org.apache.camel.Exchange exchange, String system, String entity, String key) {
        java.util.List<String[]> marks = exchange.getProperty(CLEAR_WITH_DELIVERY, java.util.List.class);
        if (marks == null) {
            marks = new java.util.ArrayList<>();
            exchange.setProperty(CLEAR_WITH_DELIVERY, marks);
        }
        marks.add(new String[] {system, entity, key});
    }

    /** Inside the transaction that records the delivery: the marks its calls left to be cleared with it. */
    @SuppressWarnings("unchecked")
    void clearDelivered(org.apache.camel.Exchange exchange) {
        java.util.List<String[]> marks = exchange.getProperty(CLEAR_WITH_DELIVERY, java.util.List.class);
        if (marks != null) {
            marks.forEach(mark -> clear(mark[0], mark[1], java.util.List.of(mark[2])));
        }
    }

    public boolean isMarked(String system, String entity, String key) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM create_in_flight WHERE system = :system AND entity = :entity AND entity_key = :key)
                """, params(system, entity).addValue("key", key), Boolean.class));
    }

    /** Of these keys, the ones whose create is marked (one query for a batch). */
    public java.util.Set<String> markedAmong(String system, String entity, Collection<String> keys) {
        if (keys.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.queryForList("""
                SELECT entity_key FROM create_in_flight WHERE system = :system AND entity = :entity AND entity_key IN (:keys)
                """, params(system, entity).addValue("keys", keys), String.class));
    }

    /** For an entity without a cross reference in the system: create it, or wait for a poll to tell. */
    public Decision decide(String system, String entity, String key) {
        // a call under way has ended by its timeouts (or the hub stopped during it): only a poll after that tells
        long underWay = systems.get(system).longestCall().toMillis();
        Optional<Boolean> polledSince = jdbc.query("""
                SELECT EXISTS (SELECT 1 FROM poll_state p WHERE p.system = c.system AND p.entity = c.entity
                               AND p.completed_at > c.started_at + CASE WHEN c.sending THEN make_interval(secs => :underWay / 1000.0)
                                                                          ELSE interval '0 seconds' END)
                FROM create_in_flight c WHERE c.system = :system AND c.entity = :entity AND c.entity_key = :key
                """, params(system, entity).addValue("key", key).addValue("underWay", underWay), (row, i) -> row.getBoolean(1))
                .stream().findFirst();
        if (polledSince.isEmpty()) {
            return Decision.CREATE;
        }
        if (polledSince.get()) {
            // a poll after the create did not bring its id back: the create never reached the system
            clear(system, entity, java.util.List.of(key));
            return Decision.CREATE;
        }
        return Decision.WAIT_FOR_POLL;
    }

    /** A poll read the system's whole list; called by the poll route when it is done. */
    public void pollCompleted(String system, String entity, java.time.OffsetDateTime startedAt) {
        jdbc.update("""
                INSERT INTO poll_state (system, entity, completed_at) VALUES (:system, :entity, :at)
                ON CONFLICT (system, entity) DO UPDATE SET completed_at = EXCLUDED.completed_at
                """, params(system, entity).addValue("at", startedAt));
    }

    private static MapSqlParameterSource params(String system, String entity) {
        return new MapSqlParameterSource().addValue("system", system).addValue("entity", entity);
    }
}
