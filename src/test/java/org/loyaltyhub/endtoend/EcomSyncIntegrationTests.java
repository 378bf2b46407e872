package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** ecom cards through the real backbone: sandbox over HTTP, PostgreSQL, Kafka, dispatch, bulk delivery, dead letters. */
@HubIntegrationTest
class EcomSyncIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    SandboxFaults faults;
    @Autowired
    CanonicalStore store;
    @Autowired
    Topics topics;
    @Autowired
    ObjectMapper json;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void cardCreatedInEcomBecomesCardUpsertedEventAndIsStored() throws Exception {
        ResponseEntity<String> created = http.exchange("/sandbox/ecom/external/discount-card/bulk-create/", HttpMethod.POST,
                jsonBody(java.nio.file.Files.readString(java.nio.file.Path.of("samples/ecom/bulk-create.json"))),
                String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        List<ConsumerRecord<String, String>> records = HubTestSupport.readUntil(kafka, topics.forEntity("card"),
                r -> r.stream().anyMatch(rec -> "7000000000001".equals(rec.key())), Duration.ofSeconds(30));
        ConsumerRecord<String, String> event = records.stream().filter(r -> "7000000000001".equals(r.key())).findFirst().orElseThrow();
        assertThat(HubTestSupport.header(event, "ce_specversion")).isEqualTo("1.0");
        assertThat(HubTestSupport.header(event, "ce_id")).isNotBlank();
        assertThat(HubTestSupport.header(event, "ce_source")).isEqualTo("/systems/ecom");
        assertThat(HubTestSupport.header(event, "ce_type")).isEqualTo("org.loyaltyhub.card.upserted");
        assertThat(HubTestSupport.header(event, "ce_subject")).isEqualTo("7000000000001");
        assertThat(HubTestSupport.header(event, "ce_time")).isNotBlank();
        assertThat(HubTestSupport.header(event, "content-type")).isEqualTo("application/json");
        assertThat(event.value()).contains("\"amount\":\"12.50\"").contains("\"currency\":\"MDL\"");

        JsonNode stored = store.find("card", "7000000000001").orElseThrow();
        assertThat(stored.path("holder").path("firstName").asText()).isEqualTo("Mara");
        assertThat(stored.path("refs").path("ecom").asText()).isNotBlank();
    }

    @Test
    void cardFromAnotherSystemReachesEcomThroughBulkUpdateAndNewOnesThroughBulkCreate() {
        // the document's card is known to the hub once polled
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("card", "1234567890123").isPresent());
        HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", "1234567890123", """
                {"number":"1234567890123","barcode":"123456789012378476234768","accumulated":{"amount":"5200.5","currency":"MDL"}}""");
        HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", "7100000000001",
                HubTestSupport.card("7100000000001", "B-7100000000001", "Nadia", "10"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ecom.findByCode("1234567890123").orElseThrow().accumulatedAmount()).isEqualByComparingTo("5200.50");
            assertThat(ecom.findByCode("7100000000001")).isPresent();
        });
        assertThat(ecom.writesFor("1234567890123", EcomCardStore.UPDATE)).isEqualTo(1);
        assertThat(ecom.writesFor("7100000000001", EcomCardStore.CREATE)).isEqualTo(1);
        assertThat(ecom.findByCode("1234567890123").orElseThrow().firstName()).isEqualTo("John");
    }

    @Test
    void everyCardOfABatchArrivesExactlyOnceWhileEcomFailsHalfOfTheCalls() throws Exception {
        faults.set("ecom", new SandboxFault(500, 0.5, 0L, false, null));
        List<String> cards = new ArrayList<>();
        IntStream.range(0, 500).forEach(i -> cards.add(HubTestSupport.card("72%011d".formatted(i), "B72-" + i, "Load" + i, i + ".10")));
        HubTestSupport.publishCards(kafka, topics.forEntity("card"), "spi", cards, this::numberOf);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(IntStream.range(0, 500).filter(i -> ecom.findByCode("72%011d".formatted(i)).isPresent()).count()).isEqualTo(500));
        assertThat(faults.failedCalls("ecom")).isPositive();
        IntStream.range(0, 500).forEach(i -> {
            assertThat(ecom.findAllByCode("72%011d".formatted(i))).hasSize(1);
            assertThat(ecom.writesFor("72%011d".formatted(i), EcomCardStore.CREATE)).isEqualTo(1);
        });
        assertThat(deadLetters("ecom").path("total").asLong()).isZero();
    }

    @Test
    void aRefusedCardIsDeadLetteredAfterOneAttemptAndDeliveredOnceOnReplay() throws Exception {
        faults.set("ecom", new SandboxFault(400, 1.0, 0L, false, null));
        double retriedBefore = retried();
        HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", "7300000000001",
                HubTestSupport.card("7300000000001", "B-7300000000001", "Refused", "1.00"));

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("ecom").path("total").asLong() == 1);
        JsonNode letter = deadLetters("ecom").path("items").get(0);
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(letter.path("permanent").asBoolean()).isTrue();
        assertThat(letter.path("subject").asText()).isEqualTo("7300000000001");
        assertThat(letter.path("routeId").asText()).isEqualTo("ecom-card-bulk");
        assertThat(letter.path("deliverTo").asText()).isEqualTo("ecom-card-sink");
        assertThat(letter.path("errorMessage").asText()).contains("400");
        assertThat(retried()).as("a 400 is never retried").isEqualTo(retriedBefore);
        assertThat(HubTestSupport.readUntil(kafka, topics.deadLetters(), r -> !r.isEmpty(), Duration.ofSeconds(10))).isNotEmpty();

        faults.clear("ecom");
        ResponseEntity<String> replay = ops().postForEntity("/ops/api/dead-letters/" + letter.path("id").asLong() + "/replay", null, String.class);
        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode("7300000000001").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(
                json.readTree(ops().getForObject("/ops/api/dead-letters/" + letter.path("id").asLong(), String.class)).path("status").asText()));
        assertThat(ecom.writesFor("7300000000001", EcomCardStore.CREATE)).isEqualTo(1);
        assertThat(deadLetters("ecom").path("total").asLong()).isZero();
        assertThat(ops().postForEntity("/ops/api/dead-letters/" + letter.path("id").asLong() + "/replay", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aBatchRefusedForOneBadCardDeliversTheOthersAndDeadLettersOnlyThatOne() throws Exception {
        List<String> cards = new ArrayList<>();
        IntStream.range(0, 4).forEach(i -> cards.add(HubTestSupport.card("75%011d".formatted(i), "B75-" + i, "Good" + i, "3.00")));
        // the document card's barcode is taken: ecom refuses any bulk-create that contains this card
        cards.add(HubTestSupport.card("75%011d".formatted(4), "123456789012378476234768", "Clash", "3.00"));
        HubTestSupport.publishCards(kafka, topics.forEntity("card"), "spi", cards, this::numberOf);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(IntStream.range(0, 4).filter(i -> ecom.findByCode("75%011d".formatted(i)).isPresent()).count()).isEqualTo(4);
            assertThat(deadLetters("ecom").path("total").asLong()).isEqualTo(1);
        });
        JsonNode letter = deadLetters("ecom").path("items").get(0);
        assertThat(letter.path("subject").asText()).isEqualTo("75%011d".formatted(4));
        assertThat(letter.path("permanent").asBoolean()).isTrue();
        assertThat(ecom.findByCode("75%011d".formatted(4))).isEmpty();
        IntStream.range(0, 4).forEach(i -> assertThat(ecom.writesFor("75%011d".formatted(i), EcomCardStore.CREATE)).isEqualTo(1));
        ops().exchange("/ops/api/dead-letters/" + letter.path("id").asLong(), HttpMethod.DELETE, null, String.class);
    }

    @Test
    void aReplayThatFailsAgainReturnsToTheQueueWithItsHistory() throws Exception {
        faults.set("ecom", new SandboxFault(422, 1.0, 0L, false, null));
        HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", "7400000000001",
                HubTestSupport.card("7400000000001", "B-7400000000001", "Twice", "2.00"));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("ecom").path("total").asLong() == 1);
        long id = deadLetters("ecom").path("items").get(0).path("id").asLong();

        ResponseEntity<String> replayAll = ops().postForEntity("/ops/api/dead-letters/replay?system=ecom", null, String.class);
        assertThat(replayAll.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json.readTree(replayAll.getBody()).path("replayed").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode letter = json.readTree(ops().getForObject("/ops/api/dead-letters/" + id, String.class));
            assertThat(letter.path("status").asText()).isEqualTo("waiting");
            assertThat(letter.path("replays").asInt()).isEqualTo(1);
            assertThat(letter.path("history")).hasSize(2);
        });
        assertThat(deadLetters("ecom").path("total").asLong()).isEqualTo(1);

        assertThat(ops().exchange("/ops/api/dead-letters/" + id, HttpMethod.DELETE, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(deadLetters("ecom").path("total").asLong()).isZero();
        assertThat(ecom.findByCode("7400000000001")).isEmpty();
    }

    @Test
    void deadLetterApiNeedsTheOperatorLogin() {
        assertThat(http.getForEntity("/ops/api/dead-letters", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth(HubTestSupport.OPERATOR, "wrong").getForEntity("/ops/api/dead-letters", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> missing = ops().getForEntity("/ops/api/dead-letters/999999", String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    private double retried() {
        io.micrometer.core.instrument.Counter counter = meters.find("hub.deliveries").tag("system", "ecom").tag("outcome", "retried").counter();
        return counter == null ? 0 : counter.count();
    }

    private JsonNode deadLetters(String system) throws Exception {
        return json.readTree(ops().getForObject("/ops/api/dead-letters?system=" + system, String.class));
    }

    private TestRestTemplate ops() {
        return HubTestSupport.operator(http);
    }

    private String numberOf(String cardJson) {
        try {
            return json.readTree(cardJson).path("number").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpEntity<String> jsonBody(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
