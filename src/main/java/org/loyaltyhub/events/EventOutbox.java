package org.loyaltyhub.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an event in the same database transaction as the change that caused it; the relay
 * publishes it. So there is no event without its change, and no change without its event.
 */
@Component
public class EventOutbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = """
            INSERT INTO event_outbox (event_id, topic, event_key, event_type, source, subject, event_time, payload, extra_headers)
            VALUES (CAST(:id AS uuid), :topic, :key, :type, :source, :subject, :time, :payload, CAST(:extra AS jsonb))
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final Topics topics;
    private final OutboxRelay relay;

    public EventOutbox(NamedParameterJdbcTemplate jdbc, Topics topics, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.topics = topics;
        this.relay = relay;
    }

    /** Must run inside the caller's transaction: the event commits or rolls back with the change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(CloudEvent event) {
        appendTo(topics.forEntity(CloudEvent.entityOf(event.type())), event, Map.of());
    }

    /** Many events, in order, with one batched statement, each with its own extra headers (by event id). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(java.util.List<CloudEvent> events, Map<String, Map<String, String>> extraHeaders) {
        jdbc.batchUpdate(INSERT, events.stream().map(event -> row(topics.forEntity(CloudEvent.entityOf(event.type())), event,
                        extraHeaders.getOrDefault(event.id(), Map.of())))
                .toArray(MapSqlParameterSource[]::new));
        relay.wakeUpAfterCommit();
    }

    /** An event for a given topic with headers of its own besides the CloudEvent attributes (dead letters). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendTo(String topic, CloudEvent event, Map<String, String> extraHeaders) {
        jdbc.update(INSERT, row(topic, event, extraHeaders));
        relay.wakeUpAfterCommit();
    }

    private static MapSqlParameterSource row(String topic, CloudEvent event, Map<String, String> extraHeaders) {
        return new MapSqlParameterSource()
                .addValue("id", event.id())
                .addValue("extra", toJson(extraHeaders))
                .addValue("topic", topic)
                .addValue("key", event.subject())
                .addValue("type", event.type())
                .addValue("source", event.source())
                .addValue("subject", event.subject())
                .addValue("time", event.time())
                .addValue("payload", event.data());
    }

    private static String toJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
