package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.wallet.WalletCustomer;
import org.loyaltyhub.sandbox.wallet.WalletStore;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubSandboxCalls;
import org.loyaltyhub.support.HubTestSupport;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Waits that hold nothing (#18), through the real backbone and the sandbox vendors over HTTP. The two faults are
 * independent (the wallet's cards, codes' promotions) and each lasts minutes, so they run at once.
 * <ul>
 * <li>One key waits, not a partition: one card whose wallet customer answers 503 for a minute is parked with its later
 * updates queued behind it, while the other cards' updates, on the same partitions, reach the wallet at once; the
 * parked card's updates arrive after the minute, in order (each delivery sends the newest state the hub holds, so the
 * wallet never sees an older one after a newer). Production's backoff (500 ms doubling to 30 s), with enough attempts
 * to outlast the minute.</li>
 * <li>A consumer waits paused, not asleep: codes answering every call with 429 and {@code Retry-After: 120} opens its
 * circuit for the two minutes it asked for; its Kafka consumers pause their partitions and keep polling, so the group
 * keeps its members although the wait is twice the consumers' {@code max.poll.interval} (60 s here: a consumer that
 * slept through the wait would be thrown out of the group). After the wait they resume and every event is delivered.</li>
 * </ul>
 */
@HubIntegrationTest
@Import(HubSandboxCalls.Wiring.class)
@Execution(ExecutionMode.CONCURRENT)
@TestPropertySource(properties = {
        "hub.kafka.max-poll-interval=60000",
        // production's backoff and circuit, with the attempts to outlast the minute
        "hub.systems.wallet.retry.max-attempts=12", "hub.systems.wallet.retry.initial-delay=500ms",
        "hub.systems.wallet.retry.max-delay=30s", "hub.systems.wallet.circuit-open-for=30s",
        // the cards come from ecom, which owns the holder's details; no ecom poll or delivery runs beside them
        "hub.systems.ecom.enabled=false"})
class ParkingAndPausingIntegrationTests {

    private static final Pattern ROUND = Pattern.compile("Round-(\\d)");
    private static final Duration FAILING_FOR = Duration.ofSeconds(60);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(120);

    @Autowired
    CanonicalStore store;
    @Autowired
    WalletStore wallet;
    @Autowired
    SandboxFaults faults;
    @Autowired
    HubSandboxCalls calls;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Topics topics;
    @Autowired
    Admin admin;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;
    @Value("${hub.kafka.group-prefix:hub-}")
    String groupPrefix;


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
        LoggerFactory.getLogger(ParkingAndPausingIntegrationTests.class).info(
                "Per-key parking: the slowest update of the 20 other cards reached the wallet {} ms after it was made", slowest.toMillis());
        assertThat(slowest).as("the slowest other card's update, after it was made").isLessThan(Duration.ofSeconds(5));
        assertThat(parkedOf(failingCard)).as("the failing card parked, its later updates queued behind it").isEqualTo(3);

        // the minute ends: the failing card's updates arrive, in order, and nothing became a dead letter
        await().atMost(FAILING_FOR.plusSeconds(5)).until(() -> Instant.now().isAfter(failingSince.plus(FAILING_FOR)));
        faults.clear("wallet");
        await().atMost(Duration.ofSeconds(90)).until(() -> "Round-3".equals(customerOf(failingCard).surname()));
        // a card is a state: a parked update goes out as the newest state the hub holds (newer wins), never older
        List<Integer> rounds = calls.calls("wallet", "PATCH", failingPath).stream().map(call -> roundOf(call.body())).toList();
        assertThat(rounds).as("the failing card's updates as the wallet was asked for them").isSorted().endsWith(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedOf(failingCard) == 0);
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

    @Test
    void aRetryAfterOfTwoMinutesPausesTheConsumersWithoutARebalanceAndTheyResume() throws Exception {
        String first = publishPromotion("PAUSE-FIRST");
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("codes", List.of(first)).size() == 1);
        Set<String> membersBefore = members();

        // each test faults its own system only: they run at once
        faults.set("codes", new SandboxFault(429, 1.0, 0L, false, (int) RETRY_AFTER.toSeconds()));
        List<String> events = IntStream.range(0, 5).mapToObj(i -> publishPromotion("PAUSE-" + i)).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(systemCodes().path("consumer").asText()));
        Instant pausedAt = Instant.now();
        long callsWhenPaused = calls.count("codes");
        // the vendor is well again at once, but asked for two minutes: the hub keeps to them
        faults.clear("codes");

        await().atMost(RETRY_AFTER.plusSeconds(60)).until(() -> "running".equals(systemCodes().path("consumer").asText()));
        Duration paused = Duration.between(pausedAt, Instant.now());
        long callsWhilePaused = calls.times("codes").stream().filter(at -> at.isAfter(pausedAt)
                && at.isBefore(pausedAt.plus(RETRY_AFTER).minusSeconds(5))).count();
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog.delivered("codes", events).size() == events.size());
        Set<String> membersAfter = members();

        LoggerFactory.getLogger(ParkingAndPausingIntegrationTests.class).info(
                "Retry-After 120: consumers paused {} s, {} call(s) to codes while paused (before the pause: {}), members before {} after {}",
                paused.toSeconds(), callsWhilePaused, callsWhenPaused, membersBefore.size(), membersAfter.size());
        assertThat(paused).as("the pause lasts the wait the vendor asked for").isGreaterThan(RETRY_AFTER.minusSeconds(10));
        assertThat(callsWhilePaused).as("calls to codes during the wait").isZero();
        assertThat(membersAfter).as("the consumer group's members: the same, no rebalance threw one out").isEqualTo(membersBefore);
        assertThat(deadLetters.waitingIds("codes")).as("waiting spends no attempts").isEmpty();
    }

    private Set<String> members() throws Exception {
        return HubTestSupport.groupMembers(admin, groupPrefix + "codes");
    }

    private long parkedOf(String card) {
        return jdbc.queryForObject("SELECT count(*) FROM parked_delivery WHERE target = 'wallet' AND entity_key = ?", Long.class, card);
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

    private JsonNode systemCodes() throws Exception {
        return json.readTree(HubTestSupport.operator(http).getForObject("/ops/api/systems/codes", String.class));
    }

    private String publishPromotion(String code) {
        return HubTestSupport.publish(kafka, topics.forEntity("promotion"), "crm", "promotion.upserted", code, """
                {"code": "%s", "kind": "fixed", "amount": "10.00", "currency": "MDL", "enabled": true}""".formatted(code));
    }
}
