package org.loyaltyhub.endtoend;

import org.loyaltyhub.reliability.DeadLetter;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.DeliveryLog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.exchange.DeliveryItem;
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
    @Autowired
    DataSource dataSource;

    @Test
    void aLetterLeftReplayingByAHubThatIsGoneWaitsAgainOrIsDeliveredAsTheDeliveryLogSaysAndNoLiveReplayIsTouched() throws Exception {
        long stuck = parked("housekeeping-a");
        long delivered = parked("housekeeping-b");
        long ours = parked("housekeeping-c");
        long anotherLiveHubs = parked("housekeeping-d");
        for (long id : List.of(stuck, delivered, ours, anotherLiveHubs)) {
            assertThat(deadLetters.claimForReplay(id)).isTrue();
        }
        // the first two were claimed by a hub that died since; the fourth by a hub that lives (its session holds its lock)
        jdbc.update("UPDATE dead_letter SET replaying_by = 'hub-dead0000000' WHERE id IN (:ids)",
                new MapSqlParameterSource("ids", List.of(stuck, delivered)));
        jdbc.update("UPDATE dead_letter SET replaying_by = 'hub-alive000000' WHERE id = :id", new MapSqlParameterSource("id", anotherLiveHubs));
        deliveryLog.recordDelivered("housekeeping", List.of(deadLetters.find(delivered).orElseThrow().eventId()));
        try (Connection otherHub = dataSource.getConnection(); Statement lock = otherHub.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(hashtext('hub-instance:hub-alive000000'))");

            assertThat(deadLetters.settleInterruptedReplays()).isEqualTo(2);
            // that hub dies: its session's locks go (a pooled session outlives close(), so they are given back here)
            lock.execute("SELECT pg_advisory_unlock_all()");
        }

        assertThat(deadLetters.find(stuck).orElseThrow().status()).isEqualTo("waiting");
        assertThat(deadLetters.find(stuck).orElseThrow().history().toString()).contains("replay-interrupted");
        assertThat(deadLetters.find(delivered).orElseThrow().status()).isEqualTo("delivered");
        assertThat(deadLetters.find(ours).orElseThrow().status()).as("this instance's replay, however long").isEqualTo("replaying");
        assertThat(deadLetters.find(anotherLiveHubs).orElseThrow().status()).as("a live hub's replay").isEqualTo("replaying");
        // once that hub is gone, its replay is settled too
        assertThat(deadLetters.settleInterruptedReplays()).isEqualTo(1);
        assertThat(deadLetters.find(anotherLiveHubs).orElseThrow().status()).isEqualTo("waiting");
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
