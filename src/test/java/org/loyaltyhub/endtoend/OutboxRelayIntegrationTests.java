package org.loyaltyhub.endtoend;

import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.events.EventOutbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.support.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox relay against the real broker: a record Kafka can never take is set aside, the rows behind it flow on. */
@HubIntegrationTest
class OutboxRelayIntegrationTests {

    @Autowired
    EventOutbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Test
    void aRecordTooLargeForKafkaIsADeadLetterAndTheRowsBehindItArePublished() {
        // over the producer's max.request.size (1 MiB): refused for good, however often it is sent
        String huge = "{\"number\":\"relay-huge\",\"note\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        // a type no subscription takes: the published one is delivered nowhere, and leaves no dead letter behind
        CloudEvent tooLarge = CloudEvent.of("test", "card", "relay-checked", "relay-huge", huge);
        CloudEvent behind = CloudEvent.of("test", "card", "relay-checked", "relay-behind", "{\"number\":\"relay-behind\"}");
        transactions.executeWithoutResult(status -> outbox.appendAll(List.of(tooLarge, behind), java.util.Map.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> published(behind.id()));
        assertThat(published(tooLarge.id())).as("set aside, no longer pending").isTrue();
        Map<String, Object> letter = jdbc.queryForMap("SELECT target, error_type, permanent, status FROM dead_letter WHERE event_id = :id",
                new MapSqlParameterSource("id", tooLarge.id()));
        assertThat(letter).containsEntry("target", "kafka").containsEntry("permanent", true).containsEntry("status", "waiting");
        assertThat(String.valueOf(letter.get("error_type"))).endsWith("RecordTooLargeException");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_outbox WHERE topic LIKE '%dlq' AND subject = 'relay-huge'",
                Map.of(), Integer.class)).as("no copy on the dead-letter topic, which would be refused in turn").isZero();
    }

    private boolean published(String eventId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT published_at IS NOT NULL FROM event_outbox WHERE event_id = CAST(:id AS uuid)",
                new MapSqlParameterSource("id", eventId), Boolean.class));
    }
}
