package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.ParkedDeliveries;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.wallet.WalletCustomer;
import org.loyaltyhub.sandbox.wallet.WalletStore;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubSandboxCalls;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * One key waits, not a partition (#18): one card whose wallet customer answers 503 for a minute is parked with its
 * later updates queued behind it, while the other cards' updates, on the same partitions, reach the wallet at once;
 * the parked card's updates arrive after the minute, in order (each delivery sends the newest state the hub holds, so
 * the wallet never sees an older one after a newer). Production's backoff (500 ms doubling to 30 s), with
 * enough attempts to outlast the minute.
 */
@HubIntegrationTest
@Import(HubSandboxCalls.Wiring.class)
@TestPropertySource(properties = {
        // production's backoff and circuit, with the attempts to outlast the minute
        "hub.systems.wallet.retry.max-attempts=12", "hub.systems.wallet.retry.initial-delay=500ms",
        "hub.systems.wallet.retry.max-delay=30s", "hub.systems.wallet.circuit-open-for=30s",
        // the cards come from ecom, which owns the holder's details; no ecom poll or delivery runs beside them
        "hub.systems.ecom.enabled=false"})
class PerKeyParkingIntegrationTests {

    private static final Pattern ROUND = Pattern.compile("Round-(\\d)");
    private static final Duration FAILING_FOR = Duration.ofSeconds(60);

    @Autowired
    CanonicalStore store;
    @Autowired
    WalletStore wallet;
    @Autowired
    SandboxFaults faults;
    @Autowired
    HubSandboxCalls calls;
    @Autowired
    ParkedDeliveries parked;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    org.loyaltyhub.reliability.DeliveryLog deliveryLog;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void oneCardFailingForAMinuteHoldsUpNoOtherCardAndItsOwnUpdatesFollowInOrder() throws Exception {
        List<String> cards = IntStream.rangeClosed(1, 21).mapToObj("79500000000%02d"::formatted).toList();
        for (String card : cards) {
            accept(card, "Start");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> cards.stream().allMatch(card -> customerOf(card) != null));
        String failingCard = cards.get(0);
        String failingPath = "/api/v2/customers/" + customerOf(failingCard).id();
        faults.set("wallet", new SandboxFault(503, 1.0, 0L, false, null, null, null, failingPath, null));
        Instant failingSince = Instant.now();

        // three rounds of updates of every card, each round once the other cards have the one before
        Map<String, List<Instant>> updatedAt = new LinkedHashMap<>();
        for (int round = 1; round <= 3; round++) {
            for (String card : cards) {
                accept(card, "Round-" + round);
                updatedAt.computeIfAbsent(card, c -> new ArrayList<>()).add(Instant.now());
            }
            String expected = "Round-" + round;
            await().atMost(Duration.ofSeconds(30)).until(() -> cards.stream().skip(1)
                    .allMatch(card -> expected.equals(customerOf(card).surname())));
        }

        // every other card's update reached the wallet within a few seconds, though a card of its partition was failing
        Duration slowest = Duration.ZERO;
        for (String card : cards.subList(1, cards.size())) {
            String path = "/api/v2/customers/" + customerOf(card).id();
            for (int round = 1; round <= 3; round++) {
                Instant arrived = firstCallOfRound(path, round);
                Duration delay = Duration.between(updatedAt.get(card).get(round - 1), arrived);
                slowest = delay.compareTo(slowest) > 0 ? delay : slowest;
            }
        }
        LoggerFactory.getLogger(PerKeyParkingIntegrationTests.class).info(
                "Per-key parking: the slowest update of the 20 other cards reached the wallet {} ms after it was made", slowest.toMillis());
        assertThat(slowest).as("the slowest other card's update, after it was made").isLessThan(Duration.ofSeconds(5));
        assertThat(parked.parkedPerTarget().get("wallet")).as("the failing card parked, its later updates queued behind it")
                .isEqualTo(3L);

        // the minute ends: the failing card's updates arrive, in order, and nothing became a dead letter
        await().atMost(FAILING_FOR.plusSeconds(5)).until(() -> Instant.now().isAfter(failingSince.plus(FAILING_FOR)));
        faults.clear("wallet");
        await().atMost(Duration.ofSeconds(90)).until(() -> "Round-3".equals(customerOf(failingCard).surname()));
        // a card is a state: a parked update goes out as the newest state the hub holds (newer wins), never older
        List<Integer> rounds = calls.calls("wallet", "PATCH", failingPath).stream().map(call -> roundOf(call.body())).toList();
        assertThat(rounds).as("the failing card's updates as the wallet was asked for them").isSorted().endsWith(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> parked.parkedPerTarget().get("wallet") == null);
        assertThat(deadLetters.waitingIds("wallet")).isEmpty();
    }

    @Test
    void aDeliveryParkedByAHubThatDiedIsTakenOverAndDelivered() throws Exception {
        String card = "7950000000099";
        accept(card, "Before");
        await().atMost(Duration.ofSeconds(30)).until(() -> customerOf(card) != null);
        String eventId = java.util.UUID.randomUUID().toString();
        Map<String, String> item = new LinkedHashMap<>();
        item.put("eventId", eventId);
        item.put("type", "org.loyaltyhub.card.upserted");
        item.put("source", "/systems/ecom");
        item.put("subject", card);
        item.put("deliverTo", "wallet-card-sink");
        item.put("body", store.find("card", card).orElseThrow().toString());
        // leased by an instance that died during its attempt: the lease ends when it is seen gone, the head is tried again
        jdbc.update("""
                INSERT INTO parked_delivery (target, entity_key, event_id, deliver_to, item, attempts, leased_by)
                VALUES ('wallet', ?, ?, 'wallet-card-sink', CAST(? AS jsonb), 3, 'hub-died0000000')
                """, card, eventId, json.writeValueAsString(item));

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("wallet", List.of(eventId)).size() == 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM parked_delivery WHERE event_id = ?", Long.class, eventId)).isZero();
    }

    private Instant firstCallOfRound(String path, int round) {
        return calls.calls("wallet", "PATCH", path).stream().filter(call -> roundOf(call.body()) == round)
                .map(HubSandboxCalls.Call::at).findFirst().orElseThrow(() -> new AssertionError("no round " + round + " at " + path));
    }

    private static int roundOf(String body) {
        Matcher round = ROUND.matcher(body);
        return round.find() ? Integer.parseInt(round.group(1)) : 0;
    }

    private void accept(String card, String surname) throws Exception {
        store.accept("ecom", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "program": "standard",
                 "holder": {"firstName": "Holder", "lastName": "%s", "email": "%s@example.org"}}""".formatted(card, card, surname, card)));
    }

    private WalletCustomer customerOf(String card) {
        return wallet.findCustomerByExternalUserId(card).orElse(null);
    }
}
