package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A bulk delivery's waits hold no consumer (#18), through the real backbone and the ecom sandbox over HTTP.
 * <ul>
 * <li>A batch is completed by its size on a Kafka consumer's thread, and ecom asks for a wait longer than a consumer
 * may go without polling: the wait is the batch sender's; the consumer has committed what the batch repository holds,
 * pauses with ecom's circuit, and stays in its group.</li>
 * <li>A card waits for the poll that settles its earlier create of unknown outcome: it parks by key, and the cards
 * behind it on its partition flow.</li>
 * <li>The sender is behind (a slow ecom): the consumers pause while more batches wait than they may run ahead of, and
 * a card's create batch and its update batch, queued one behind the other, create it once and then update it.</li>
 * </ul>
 */
@HubIntegrationTest
@TestPropertySource(properties = {
        "hub.kafka.max-poll-interval=10000",
        // a batch of five cards published together completes by its size, on the consumer thread of the fifth; what
        // other systems send ecom at the start completes by the timeout
        "hub.systems.ecom.batch.size=5", "hub.systems.ecom.batch.timeout=2000",
        // one batch may wait behind the one being sent; with more, the consumers pause
        "hub.flow.max-batches-waiting=1"})
class BulkWaitsIntegrationTests {

    private static final String BULK_CREATE = "/external/discount-card/bulk-create/";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(25);

    @Autowired
    EcomCardStore ecom;
    @Autowired
    SandboxFaults faults;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    Topics topics;
    @Autowired
    Admin admin;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;
    @Value("${hub.kafka.group-prefix:hub-}")
    String groupPrefix;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void aRetryAfterLongerThanTheConsumersPollIntervalWaitsOffTheConsumerWithoutARebalance() throws Exception {
        awaitEcomIdle();
        List<String> first = publishBatch("7620000000%03d", 0, "Before");
        await().atMost(Duration.ofSeconds(60)).until(() -> first.stream().allMatch(n -> ecom.findByCode(n).isPresent()));
        Set<String> membersBefore = members();

        faults.set("ecom", new SandboxFault(429, 1.0, 0L, false, (int) RETRY_AFTER.toSeconds(), null, null, BULK_CREATE, null));
        List<String> waiting = publishBatch("7620000000%03d", 10, "Waiting");
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("ecom") >= 1);
        Instant refusedAt = Instant.now();
        // the vendor is well again at once, but asked for the wait: the hub keeps to it
        faults.clear("ecom");

        await().atMost(RETRY_AFTER.plusSeconds(60)).until(() -> waiting.stream().allMatch(n -> ecom.findByCode(n).isPresent()));
        Duration waited = Duration.between(refusedAt, Instant.now());
        Set<String> membersAfter = members();
        LoggerFactory.getLogger(BulkWaitsIntegrationTests.class).info(
                "Bulk Retry-After {} s: delivered after {} s, members before {} after {}", RETRY_AFTER.toSeconds(),
                waited.toSeconds(), membersBefore, membersAfter);
        assertThat(waited).as("the batch waits what the vendor asked").isGreaterThan(RETRY_AFTER.minusSeconds(5));
        assertThat(membersAfter).as("the consumer group's members: none was thrown out for not polling").isEqualTo(membersBefore);
        assertThat(waiting).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSize(1));
        assertThat(deadLetters.waitingIds("ecom")).as("waiting spends no attempts").isEmpty();
    }

    @Test
    void aCardUpdatedWhileItsCreateBatchWaitsForTheSenderIsCreatedOnceThenUpdated() throws Exception {
        awaitEcomIdle();
        // the sender is busy with a slow batch ahead while the cards' create batch and their update batch queue behind it;
        // ecom, as real vendors do, makes a second card of a repeated create rather than refusing it
        faults.set("ecom", new SandboxFault(null, 1.0, 2000L, false, null, SandboxFault.Mode.DUPLICATES_ACCEPTED, null, BULK_CREATE, null));
        publishBatch("7621000000%03d", 0, "Ahead");
        List<String> cards = publishBatch("7621000000%03d", 10, "First");
        publishBatch("7621000000%03d", 10, "Second");
        // the sender is behind: the consumers pause (what it cannot keep up with stays on Kafka), and resume
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> "paused".equals(systemEcom().path("consumer").asText()));

        await().atMost(Duration.ofSeconds(60)).until(() -> cards.stream().allMatch(n -> ecom.findByCode(n)
                .map(card -> "Second".equals(card.firstName())).orElse(false)));
        assertThat(cards).allSatisfy(n -> {
            assertThat(ecom.findAllByCode(n)).as(n).hasSize(1);
            assertThat(ecom.writesFor(n, EcomCardStore.CREATE)).as("creates of " + n).isEqualTo(1);
        });
        assertThat(deadLetters.waitingIds("ecom")).as("no create refused as a duplicate").isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(systemEcom().path("consumer").asText())
                && systemEcom().path("batched").asLong() == 0);
    }

    private List<String> publishBatch(String format, int from, String firstName) {
        List<String> numbers = IntStream.range(from, from + 5).mapToObj(format::formatted).toList();
        numbers.forEach(number -> HubTestSupport.publish(kafka, topics.forEntity("card"), "crm", "card.upserted", number,
                HubTestSupport.card(number, "B-" + number, firstName, "1.00")));
        return numbers;
    }

    @Test
    void aCardWaitingForThePollThatSettlesItsEarlierCreateParksAndTheCardsBehindItFlow() throws Exception {
        awaitEcomIdle();
        // a create of this card left for ecom 4 s ago without an answer: only a poll after the call has certainly ended
        // (connect + read timeout, 12 s) tells whether ecom made it, so its next event waits about 8 s
        String waiting = "7622000000999";
        jdbc.update("INSERT INTO create_in_flight (system, entity, entity_key, started_at, sending) VALUES ('ecom', 'card', ?, now() - interval '4 seconds', true)",
                waiting);
        HubTestSupport.publish(kafka, topics.forEntity("card"), "crm", "card.upserted", waiting,
                HubTestSupport.card(waiting, "B-" + waiting, "Waiting", "1.00"));
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedOf(waiting) == 1);

        // the cards behind it, on its partition and the others, are not held by its wait
        Instant published = Instant.now();
        List<String> others = IntStream.range(0, 10).mapToObj("7622000000%03d"::formatted).toList();
        others.forEach(number -> HubTestSupport.publish(kafka, topics.forEntity("card"), "crm", "card.upserted", number,
                HubTestSupport.card(number, "B-" + number, "Behind", "1.00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> others.stream().allMatch(n -> ecom.findByCode(n).isPresent()));
        Duration othersTook = Duration.between(published, Instant.now());
        LoggerFactory.getLogger(BulkWaitsIntegrationTests.class).info("Cards behind a card waiting for a poll reached ecom in {} ms", othersTook.toMillis());
        assertThat(othersTook).as("the cards behind the waiting one").isLessThan(Duration.ofSeconds(5));

        // the poll settles it (ecom has no such card): created once, its key's queue empty, no dead letter
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode(waiting).isPresent() && parkedOf(waiting) == 0);
        assertThat(ecom.writesFor(waiting, EcomCardStore.CREATE)).isEqualTo(1);
        assertThat(deadLetters.waitingIds("ecom")).isEmpty();
    }

    private long parkedOf(String card) {
        return jdbc.queryForObject("SELECT count(*) FROM parked_delivery WHERE target = 'ecom' AND entity_key = ?", Long.class, card);
    }

    /** What the other sandboxes send ecom at the start is delivered, so that the test's cards make their own batches. */
    private void awaitEcomIdle() {
        await().atMost(Duration.ofSeconds(60)).until(() -> systemEcom().path("backlog").asLong(-1) == 0);
    }

    private JsonNode systemEcom() throws Exception {
        return json.readTree(HubTestSupport.operator(http).getForObject("/ops/api/systems/ecom", String.class));
    }

    private Set<String> members() throws Exception {
        return HubTestSupport.groupMembers(admin, groupPrefix + "ecom");
    }
}
