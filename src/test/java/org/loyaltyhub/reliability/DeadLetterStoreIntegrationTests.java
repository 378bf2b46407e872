package org.loyaltyhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.delivery.DeliveryItem;
import org.loyaltyhub.support.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Dead letters tell the truth: attempts add up across replays, and no letter stays replaying after a hub stopped mid-replay. */
@HubIntegrationTest
class DeadLetterStoreIntegrationTests {

    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Test
    void aLetterLeftReplayingByAStoppedHubWaitsAgainOrIsDeliveredAsTheDeliveryLogSays() {
        long stuck = parked("housekeeping-a");
        long delivered = parked("housekeeping-b");
        long recent = parked("housekeeping-c");
        assertThat(deadLetters.claimForReplay(stuck)).isTrue();
        assertThat(deadLetters.claimForReplay(delivered)).isTrue();
        assertThat(deadLetters.claimForReplay(recent)).isTrue();
        // the hub that claimed the first two stopped an hour ago; the second had delivered its event first
        jdbc.update("UPDATE dead_letter SET updated_at = now() - interval '1 hour' WHERE id IN (:ids)",
                new MapSqlParameterSource("ids", List.of(stuck, delivered)));
        deliveryLog.recordDelivered("housekeeping", List.of(deadLetters.find(delivered).orElseThrow().eventId()));

        assertThat(deadLetters.settleInterruptedReplays()).isEqualTo(2);

        assertThat(deadLetters.find(stuck).orElseThrow().status()).isEqualTo("waiting");
        assertThat(deadLetters.find(stuck).orElseThrow().history().toString()).contains("replay-interrupted");
        assertThat(deadLetters.find(delivered).orElseThrow().status()).isEqualTo("delivered");
        assertThat(deadLetters.find(recent).orElseThrow().status()).as("a replay still within its time").isEqualTo("replaying");
    }

    @Test
    void aReplayThatFailsAgainAddsItsAttemptsAndKeepsTheFirstFailure() {
        long id = parked("housekeeping-d");
        DeadLetter first = deadLetters.find(id).orElseThrow();
        assertThat(deadLetters.claimForReplay(id)).isTrue();
        deadLetters.park(Map.of(DeliveryItem.DEAD_LETTER_ID, String.valueOf(id), DeliveryItem.EVENT_ID, first.eventId(),
                DeliveryItem.BODY, first.payload()), "housekeeping", "replay", new IllegalStateException("still down"), 4, false);

        DeadLetter again = deadLetters.find(id).orElseThrow();
        assertThat(again.attempts()).isEqualTo(first.attempts() + 4);
        assertThat(again.firstFailedAt()).isEqualTo(first.firstFailedAt());
        assertThat(again.lastFailedAt()).isAfterOrEqualTo(first.lastFailedAt());
        assertThat(again.status()).isEqualTo("waiting");
    }

    private long parked(String subject) {
        String eventId = UUID.randomUUID().toString();
        deadLetters.park(Map.of(DeliveryItem.EVENT_ID, eventId, DeliveryItem.SUBJECT, subject, DeliveryItem.BODY, "{}"),
                "housekeeping", "test", new IllegalStateException("vendor down"), 3, false);
        return jdbc.queryForObject("SELECT id FROM dead_letter WHERE event_id = :id", new MapSqlParameterSource("id", eventId), Long.class);
    }
}
