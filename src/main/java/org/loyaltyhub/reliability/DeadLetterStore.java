package org.loyaltyhub.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.loyaltyhub.cluster.HubInstance;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.events.EventOutbox;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.systems.SystemActivity;
import org.loyaltyhub.systems.VendorCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dead letters in PostgreSQL (for the ops API and replay) and on the dead-letter topic (for anyone
 * watching Kafka), written in one transaction. A replayed message that fails again returns to its
 * own row, its earlier failure kept in the history.
 */
@Component("deadLetters")
public class DeadLetterStore implements org.loyaltyhub.events.UnpublishableEvents {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventOutbox outbox;
    private final Topics topics;
    private final SystemActivity activity;
    private final ObjectMapper json;
    private final VendorCredentials credentials;
    private final HubInstance instance;

    public DeadLetterStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, EventOutbox outbox,
            Topics topics, SystemActivity activity, ObjectMapper json, VendorCredentials credentials,
            HubInstance instance) {
        this.credentials = credentials;
        this.instance = instance;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.outbox = outbox;
        this.topics = topics;
        this.activity = activity;
        this.json = json;
    }

    /** The dead-letter channel's step: parks the exchange's message, or every item of a batch. */
    @SuppressWarnings("unchecked")
    public void park(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String target = ErrorPolicy.targetOf(exchange);
        Integer counted = exchange.getProperty(ErrorPolicy.ATTEMPTS, Integer.class);
        int attempts = counted != null ? counted : exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        OffsetDateTime firstFailedAt = exchange.getProperty(ErrorPolicy.FIRST_FAILED_AT, OffsetDateTime.class);
        boolean permanent = !ErrorPolicy.isRetryable(failure);
        Object body = exchange.getMessage().getBody();
        List<HashMap<String, String>> items = exchange.getProperty("hubBatchItems", List.class);
        if (items == null && body instanceof List<?> list) {
            if (!list.isEmpty() && list.get(0) instanceof String) {
                // a chunk of a source's items: each item on its own, replayed to the same intake
                HashMap<String, String> chunk = DeliveryItem.of(exchange);
                items = list.stream().map(item -> {
                    HashMap<String, String> one = new HashMap<>(chunk);
                    one.put(DeliveryItem.BODY, String.valueOf(item));
                    one.remove(DeliveryItem.EVENT_ID);
                    return one;
                }).toList();
            } else {
                items = (List<HashMap<String, String>>) list;
            }
        }
        if (items == null) {
            items = List.of(DeliveryItem.of(exchange));
        }
        for (HashMap<String, String> item : items) {
            park(item, target, ErrorPolicy.failedRouteOf(exchange), failure, attempts, permanent, firstFailedAt);
        }
    }

    /** Parks one item that failed just now; a replayed item goes back to its own row. */
    public void park(Map<String, String> item, String target, String routeId, Throwable failure, int attempts, boolean permanent) {
        park(item, target, routeId, failure, attempts, permanent, null);
    }

    /**
     * Parks one item after {@code attempts} failed attempts, the first at {@code firstFailedAt} (now when null); a
     * replayed item goes back to its own row, its attempts added to the row's and its first failure kept.
     */
    public void park(Map<String, String> item, String target, String routeId, Throwable failure, int attempts, boolean permanent,
            OffsetDateTime firstFailedAt) {
        park(item, target, routeId, failure, attempts, permanent, firstFailedAt, true);
    }

    /**
     * An event Kafka refused for good (too large, say): kept in the table only, under target {@code kafka}, since
     * its copy on the dead-letter topic would be refused in turn.
     */
    @Override
    public void setAside(String topic, CloudEvent event, Exception reason) {
        Map<String, String> item = new HashMap<>();
        item.put(DeliveryItem.EVENT_ID, event.id());
        item.put(DeliveryItem.TYPE, event.type());
        item.put(DeliveryItem.SOURCE, event.source());
        item.put(DeliveryItem.SUBJECT, event.subject());
        item.put(DeliveryItem.BODY, event.data());
        park(item, "kafka", "outbox-relay:" + topic, reason, 1, true, null, false);
    }

    private void park(Map<String, String> item, String target, String routeId, Throwable failure, int attempts, boolean permanent,
            OffsetDateTime firstFailedAt, boolean onTopic) {
        String errorType = failure == null ? "unknown" : failure.getClass().getName();
        // nothing secret in a dead letter: no database detail, no vendor credential (a query token in a URL)
        String errorMessage = credentials.redact(ErrorPolicy.safeMessage(failure));
        String eventId = item.getOrDefault(DeliveryItem.EVENT_ID, "unknown-" + UUID.randomUUID());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("eventId", eventId).addValue("target", String.valueOf(target)).addValue("routeId", routeId)
                .addValue("deliverTo", item.get(DeliveryItem.DELIVER_TO))
                .addValue("type", item.get(DeliveryItem.TYPE)).addValue("source", item.get(DeliveryItem.SOURCE))
                .addValue("subject", item.get(DeliveryItem.SUBJECT))
                .addValue("headers", write(DeliveryItem.headers(item)))
                .addValue("payload", item.getOrDefault(DeliveryItem.BODY, ""))
                .addValue("errorType", errorType).addValue("errorMessage", errorMessage)
                .addValue("permanent", permanent).addValue("attempts", attempts).addValue("now", now)
                .addValue("outcomeUnknown", OutcomeUnknownException.in(failure))
                .addValue("first", firstFailedAt == null || firstFailedAt.isAfter(now) ? now : firstFailedAt);
        Long id = transaction.execute(status -> {
            String replayOf = item.get(DeliveryItem.DEAD_LETTER_ID);
            Long rowId;
            if (replayOf != null) {
                params.addValue("id", Long.parseLong(replayOf));
                rowId = jdbc.queryForObject("""
                        UPDATE dead_letter SET status = 'waiting', error_type = :errorType, error_message = :errorMessage,
                            permanent = :permanent, outcome_unknown = :outcomeUnknown, attempts = attempts + :attempts,
                            last_failed_at = :now, updated_at = now(),
                            history = history || jsonb_build_array(jsonb_build_object(
                                'at', CAST(:now AS text), 'errorType', CAST(:errorType AS text),
                                'errorMessage', CAST(:errorMessage AS text), 'attempts', CAST(:attempts AS int)))
                        WHERE id = :id RETURNING id
                        """, params, Long.class);
            } else {
                rowId = jdbc.queryForObject("""
                        INSERT INTO dead_letter (event_id, target, route_id, deliver_to, event_type, source, subject, headers, payload,
                            error_type, error_message, permanent, outcome_unknown, attempts, first_failed_at, last_failed_at, history)
                        VALUES (:eventId, :target, :routeId, :deliverTo, :type, :source, :subject, CAST(:headers AS jsonb), :payload,
                            :errorType, :errorMessage, :permanent, :outcomeUnknown, :attempts, :first, :now,
                            jsonb_build_array(jsonb_build_object('at', CAST(:now AS text), 'errorType', CAST(:errorType AS text),
                                'errorMessage', CAST(:errorMessage AS text), 'attempts', CAST(:attempts AS int))))
                        ON CONFLICT (event_id, target) WHERE status IN ('waiting', 'replaying') DO UPDATE SET
                            error_type = EXCLUDED.error_type, error_message = EXCLUDED.error_message,
                            outcome_unknown = EXCLUDED.outcome_unknown, attempts = dead_letter.attempts + EXCLUDED.attempts,
                            last_failed_at = EXCLUDED.last_failed_at, history = dead_letter.history || EXCLUDED.history,
                            status = 'waiting', updated_at = now()
                        RETURNING id
                        """, params, Long.class);
            }
            if (!onTopic) {
                return rowId;
            }
            Map<String, String> dlqHeaders = new LinkedHashMap<>();
            dlqHeaders.put("hub_dead_letter_id", String.valueOf(rowId));
            dlqHeaders.put("hub_target", String.valueOf(target));
            dlqHeaders.put("hub_error", errorType + ": " + errorMessage);
            dlqHeaders.put("hub_attempts", String.valueOf(attempts));
            dlqHeaders.put("hub_original_id", eventId);
            outbox.appendTo(topics.deadLetters(), new CloudEvent(UUID.randomUUID().toString(),
                    item.getOrDefault(DeliveryItem.SOURCE, "/systems/hub"),
                    item.getOrDefault(DeliveryItem.TYPE, "org.loyaltyhub.unknown"),
                    item.getOrDefault(DeliveryItem.SUBJECT, eventId), now,
                    item.getOrDefault(DeliveryItem.BODY, "")), dlqHeaders);
            return rowId;
        });
        activity.deadLettered(String.valueOf(target), ErrorPolicy.vendorError(failure));
        log.warn("Dead-lettered event {} for {} after {} attempt(s) as dead letter {}: {}", eventId, target, attempts, id,
                ErrorPolicy.describe(failure));
    }

    /** Adds what a replay did instead of sending the letter as it was (its history shows it in the ops API). */
    public void note(String id, String what, String detail) {
        jdbc.update("""
                UPDATE dead_letter SET updated_at = now(), history = history || jsonb_build_array(jsonb_build_object(
                    'at', CAST(now() AS text), 'errorType', CAST(:what AS text), 'errorMessage', CAST(:detail AS text), 'attempts', 0))
                WHERE id = :id
                """, new MapSqlParameterSource("id", Long.parseLong(id)).addValue("what", what).addValue("detail", detail));
    }

    public void markDelivered(List<String> ids) {
        if (!ids.isEmpty()) {
            jdbc.update("UPDATE dead_letter SET status = 'delivered', updated_at = now() WHERE id IN (:ids)",
                    new MapSqlParameterSource("ids", ids.stream().map(Long::parseLong).toList()));
        }
    }

    public List<DeadLetter> list(String target, String status, int page, int size) {
        return jdbc.query("""
                SELECT * FROM dead_letter
                WHERE (CAST(:target AS text) IS NULL OR target = :target) AND (CAST(:status AS text) IS NULL OR status = :status)
                ORDER BY id DESC LIMIT :size OFFSET :offset
                """, new MapSqlParameterSource().addValue("target", target).addValue("status", status)
                .addValue("size", size).addValue("offset", (long) page * size), this::row);
    }

    public long count(String target, String status) {
        Long count = jdbc.queryForObject("""
                SELECT count(*) FROM dead_letter
                WHERE (CAST(:target AS text) IS NULL OR target = :target) AND (CAST(:status AS text) IS NULL OR status = :status)
                """, new MapSqlParameterSource().addValue("target", target).addValue("status", status), Long.class);
        return count == null ? 0 : count;
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("SELECT * FROM dead_letter WHERE id = :id", new MapSqlParameterSource("id", id), this::row)
                .stream().findFirst();
    }

    /** Claims a waiting dead letter for replay by this instance; false when it is not waiting (already replayed or discarded). */
    public boolean claimForReplay(long id) {
        return jdbc.update("""
                UPDATE dead_letter SET status = 'replaying', replaying_by = :instance, replays = replays + 1, updated_at = now()
                WHERE id = :id AND status = 'waiting'
                """, new MapSqlParameterSource("id", id).addValue("instance", instance.id())) == 1;
    }

    /**
     * Dead letters left {@code replaying} by a hub instance that is gone (it stopped or died in the middle of the
     * replay) are settled: {@code delivered} when the delivery log shows their event delivered, else {@code waiting}
     * again. A replay of a live instance is never touched, however long it takes.
     */
    public int settleInterruptedReplays() {
        List<String> gone = jdbc.queryForList("SELECT DISTINCT coalesce(replaying_by, '') FROM dead_letter WHERE status = 'replaying'",
                new MapSqlParameterSource(), String.class).stream().filter(instance::isGone).toList();
        if (gone.isEmpty()) {
            return 0;
        }
        int settled = jdbc.update("""
                UPDATE dead_letter d SET updated_at = now(), replaying_by = NULL,
                    status = CASE WHEN EXISTS (SELECT 1 FROM camel_messageprocessed m WHERE m.processorname = :processor
                        AND m.messageid = d.target || ':' || d.event_id) THEN 'delivered' ELSE 'waiting' END,
                    history = history || jsonb_build_array(jsonb_build_object('at', CAST(now() AS text),
                        'errorType', 'replay-interrupted', 'errorMessage', 'the replay did not finish (the hub replaying it stopped)',
                        'attempts', 0))
                WHERE status = 'replaying' AND coalesce(replaying_by, '') IN (:gone)
                """, new MapSqlParameterSource("processor", DeliveryLog.PROCESSOR).addValue("gone", gone));
        if (settled > 0) {
            log.warn("{} dead letter(s) left replaying by a hub instance that is gone were settled (delivered or waiting again)", settled);
        }
        return settled;
    }

    /** Of these event ids, the ones waiting as dead letters of the target. */
    public java.util.Set<String> waiting(String target, java.util.Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.queryForList("""
                SELECT event_id FROM dead_letter WHERE target = :target AND status = 'waiting' AND event_id IN (:ids)
                """, new MapSqlParameterSource("target", target).addValue("ids", eventIds), String.class));
    }

    public List<Long> waitingIds(String target) {
        return jdbc.queryForList("""
                SELECT id FROM dead_letter WHERE status = 'waiting' AND (CAST(:target AS text) IS NULL OR target = :target) ORDER BY id
                """, new MapSqlParameterSource("target", target), Long.class);
    }

    /** The waiting letters a replay of all may send: not those of unknown outcome, which an operator replays one by one. */
    public List<Long> replayableIds(String target) {
        return jdbc.queryForList("""
                SELECT id FROM dead_letter WHERE status = 'waiting' AND NOT outcome_unknown
                    AND (CAST(:target AS text) IS NULL OR target = :target) ORDER BY id
                """, new MapSqlParameterSource("target", target), Long.class);
    }

    public boolean discard(long id) {
        return jdbc.update("""
                UPDATE dead_letter SET status = 'discarded', updated_at = now() WHERE id = :id AND status IN ('waiting', 'replaying')
                """, new MapSqlParameterSource("id", id)) == 1;
    }

    /** Waiting dead letters per target system (for the gauge and the ops page). */
    public Map<String, Long> waitingPerTarget() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT target, count(*) AS n FROM dead_letter WHERE status = 'waiting' GROUP BY target ORDER BY target",
                rs -> {
                    counts.put(rs.getString("target"), rs.getLong("n"));
                });
        return counts;
    }

    private DeadLetter row(ResultSet rs, int i) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("event_id"), rs.getString("target"), rs.getString("route_id"),
                rs.getString("deliver_to"), rs.getString("event_type"), rs.getString("source"), rs.getString("subject"),
                read(rs.getString("headers")), rs.getString("payload"), rs.getString("error_type"),
                rs.getString("error_message"), rs.getBoolean("permanent"), rs.getBoolean("outcome_unknown"), rs.getInt("attempts"),
                rs.getObject("first_failed_at", OffsetDateTime.class), rs.getObject("last_failed_at", OffsetDateTime.class),
                rs.getString("status"), rs.getInt("replays"), read(rs.getString("history")));
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
