package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.sandbox.codes.CodesDiscountCode;
import org.loyaltyhub.sandbox.codes.CodesDiscountCodeStore;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/** The codes system through the real backbone: the sandbox over HTTP, paged import, deletions, and codes made from promotions. */
@HubIntegrationTest
class CodesSyncIntegrationTests {

    private static final String CODES = "/sandbox/codes/api/v2/admin/discount-codes";

    @Autowired
    TestRestTemplate http;
    @Autowired
    CodesDiscountCodeStore codes;
    @Autowired
    CanonicalStore store;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Topics topics;
    @Autowired
    ObjectMapper json;
    @Autowired
    SandboxFaults faults;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Test
    void twoHundredFiftyCodesAreImportedInPagesOfOneHundredEachExactlyOnce() {
        IntStream.range(0, 250).forEach(i -> create("""
                {"Code": "BULK-%03d", "Type": "Percentage", "Amount": %d, "Currency": "MDL", "Enabled": true}""".formatted(i, 5 + i % 10)));

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM canonical_entity WHERE entity = 'promotion' AND entity_key LIKE 'BULK-%'", Integer.class) == 250);
        List<ConsumerRecord<String, String>> events = HubTestSupport.readUntil(kafka, topics.forEntity("promotion"),
                records -> upsertedBulk(records).size() >= 250, Duration.ofSeconds(30));
        Map<String, Long> perCode = upsertedBulk(events).stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(perCode).hasSize(250).allSatisfy((code, count) -> assertThat(count).as(code).isEqualTo(1));
        JsonNode promotion = store.find("promotion", "BULK-007").orElseThrow();
        assertThat(promotion.path("kind").asText()).isEqualTo("percentage");
        assertThat(promotion.path("amount").asText()).isEqualTo("12");
        assertThat(promotion.path("refs").path("codes").asText()).isEqualTo(String.valueOf(codes.findByCode("BULK-007").orElseThrow().id()));
    }

    @Test
    void aCodeDeletedAtTheVendorBecomesAPromotionDeletedEvent() {
        long id = create("{\"Code\": \"GONE-1\", \"Type\": \"Fixed\", \"Amount\": 5, \"Currency\": \"MDL\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("promotion", "GONE-1").isPresent());

        http.delete(CODES + "/" + id);

        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("promotion", "GONE-1").isEmpty());
        ConsumerRecord<String, String> deleted = HubTestSupport.readUntil(kafka, topics.forEntity("promotion"),
                records -> records.stream().anyMatch(this::gone1Deleted), Duration.ofSeconds(30)).stream()
                .filter(this::gone1Deleted).findFirst().orElseThrow();
        assertThat(HubTestSupport.header(deleted, "ce_source")).isEqualTo("/systems/codes");
        assertThat(deleted.value()).contains("\"code\":\"GONE-1\"");
    }

    @Test
    void aListAnswerThatMakesNoSenseDeletesNothing() {
        create("{\"Code\": \"SENSE-1\", \"Type\": \"Fixed\", \"Amount\": 5, \"Currency\": \"MDL\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("promotion", "SENSE-1").isPresent());
        try {
            for (String variant : List.of("empty-object", "empty-list", "truncated")) {
                long before = faults.failedCalls("codes");
                faults.set("codes", new SandboxFault(null, 1.0, 0L, false, null, SandboxFault.Mode.NONSENSE, variant,
                        "/api/v2/admin/discount-codes", null));
                // three polls answered with nonsense (200 and {}, [] or half a list)
                await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("codes") >= before + 3);
                assertThat(store.find("promotion", "SENSE-1")).as(variant).isPresent();
            }
        } finally {
            faults.clear("codes");
        }
        assertThat(HubTestSupport.readUntil(kafka, topics.forEntity("promotion"), records -> false, Duration.ofSeconds(2)))
                .noneMatch(r -> "SENSE-1".equals(r.key()) && "org.loyaltyhub.promotion.deleted".equals(HubTestSupport.header(r, "ce_type")));
    }

    @Test
    void aPollThatWouldDeleteMoreThanTheGuardAllowsDeletesNothingUntilAnOperatorApproves() throws Exception {
        // more than 10 % of what the hub holds from codes, however many other tests left there
        int known = store.knownFrom("codes", "promotion");
        int vanishing = Math.max(5, known / 9 + 5);
        List<Long> ids = IntStream.range(0, vanishing).mapToObj(i -> create("""
                {"Code": "GUARD-%03d", "Type": "Fixed", "Amount": 1, "Currency": "MDL"}""".formatted(i))).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM canonical_entity WHERE entity = 'promotion' AND entity_key LIKE 'GUARD-%'", Integer.class) == vanishing);
        TestRestTemplate ops = HubTestSupport.operator(http);
        try {
            ids.forEach(codes::delete); // the vendor answers without them: a fault, or a real mass deletion

            await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(ops.getForObject("/ops/api/held-deletions", String.class)).size() == 1);
            JsonNode hold = json.readTree(ops.getForObject("/ops/api/held-deletions", String.class)).get(0);
            assertThat(hold.path("system").asText()).isEqualTo("codes");
            assertThat(hold.path("deletions").asInt()).isEqualTo(vanishing);
            assertThat(meters.get("hub.poll.deletions.held").tags("system", "codes", "entity", "promotion").gauge().value())
                    .isEqualTo(vanishing);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM canonical_entity WHERE entity = 'promotion' AND entity_key LIKE 'GUARD-%'",
                    Integer.class)).as("nothing deleted while held").isEqualTo(vanishing);

            JsonNode approved = json.readTree(ops.postForObject("/ops/api/held-deletions/" + hold.path("id").asLong() + "/approve", null, String.class));
            assertThat(approved.path("deleted").asInt()).isEqualTo(vanishing);
        } finally {
            // never leave a hold open for the other tests of this context
            for (JsonNode open : json.readTree(ops.getForObject("/ops/api/held-deletions", String.class))) {
                ops.postForObject("/ops/api/held-deletions/" + open.path("id").asLong() + "/approve", null, String.class);
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM canonical_entity WHERE entity = 'promotion' AND entity_key LIKE 'GUARD-%'",
                Integer.class)).isZero();
        java.util.function.Predicate<ConsumerRecord<String, String>> guardDeleted = r -> r.key().startsWith("GUARD-")
                && "org.loyaltyhub.promotion.deleted".equals(HubTestSupport.header(r, "ce_type"));
        assertThat(HubTestSupport.readUntil(kafka, topics.forEntity("promotion"), records -> records.stream().filter(guardDeleted)
                .count() == vanishing, Duration.ofSeconds(30))).filteredOn(guardDeleted).hasSize(vanishing);
    }

    @Test
    void aPromotionFromAnotherSystemCreatesUpdatesRecreatesAndDeletesItsCode() {
        String topic = topics.forEntity("promotion");
        HubTestSupport.publish(kafka, topic, "crm", "promotion.upserted", "CRM-50", """
                {"code": "CRM-50", "kind": "fixed", "amount": "50.00", "currency": "MDL", "enabled": true, "catalogs": [3, 7]}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> codes.findByCode("CRM-50").isPresent());
        CodesDiscountCode created = codes.findByCode("CRM-50").orElseThrow();
        assertThat(created.type()).isEqualTo("Fixed");
        assertThat(created.amount()).isEqualByComparingTo("50");
        await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(created.id()).equals(
                codesIdOf("CRM-50")));

        // an update goes to the code the hub created, by its Id
        int size = codes.size();
        HubTestSupport.publish(kafka, topic, "crm", "promotion.upserted", "CRM-50", """
                {"code": "CRM-50", "kind": "fixed", "amount": "60.00", "currency": "MDL", "enabled": true}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> codes.findByCode("CRM-50").orElseThrow().amount().intValue() == 60);
        assertThat(codes.findByCode("CRM-50").orElseThrow().id()).isEqualTo(created.id());
        assertThat(codes.size()).isEqualTo(size);

        // deleted at the vendor behind the hub's back: the next change creates it again
        codes.delete(created.id());
        HubTestSupport.publish(kafka, topic, "crm", "promotion.upserted", "CRM-50", """
                {"code": "CRM-50", "kind": "fixed", "amount": "70.00", "currency": "MDL", "enabled": true}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> codes.findByCode("CRM-50").map(c -> c.amount().intValue() == 70).orElse(false));
        assertThat(codes.findByCode("CRM-50").orElseThrow().id()).isNotEqualTo(created.id());

        // and a deletion elsewhere deletes it
        long recreated = codes.findByCode("CRM-50").orElseThrow().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(recreated).equals(
                codesIdOf("CRM-50")));
        HubTestSupport.publish(kafka, topic, "crm", "promotion.deleted", "CRM-50", "{\"code\": \"CRM-50\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> codes.findByCode("CRM-50").isEmpty());
        assertThat(deadLetters.waitingIds("codes")).isEmpty();
    }

    /** The code's Id as the hub's cross references keep it (the promotion came from Kafka, so the store has no body of it). */
    private String codesIdOf(String code) {
        return jdbc.queryForList("SELECT external_id FROM cross_reference WHERE entity = 'promotion' AND entity_key = ? AND system = 'codes'",
                String.class, code).stream().findFirst().orElse("");
    }

    private List<ConsumerRecord<String, String>> upsertedBulk(List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> r.key().startsWith("BULK-"))
                .filter(r -> "org.loyaltyhub.promotion.upserted".equals(HubTestSupport.header(r, "ce_type"))).toList();
    }

    private boolean gone1Deleted(ConsumerRecord<String, String> record) {
        return "GONE-1".equals(record.key()) && "org.loyaltyhub.promotion.deleted".equals(HubTestSupport.header(record, "ce_type"));
    }

    private long create(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var answer = http.postForEntity(CODES, new HttpEntity<>(body, headers), String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        try {
            return json.readTree(answer.getBody()).path("Id").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
