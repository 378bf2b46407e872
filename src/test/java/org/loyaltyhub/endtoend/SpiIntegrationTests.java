package org.loyaltyhub.endtoend;

import org.loyaltyhub.spi.CardLedger;
import org.loyaltyhub.spi.SpiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loyaltyhub.spi.SpiClient.LOOKUP;
import static org.loyaltyhub.spi.SpiClient.TRANSACTIONS;
import static org.loyaltyhub.spi.SpiClient.sale;
import static org.loyaltyhub.spi.SpiClient.withPin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** The SPI over real HTTP against real PostgreSQL and Kafka; every answer is checked against the hub's copy of the contract. */
@HubIntegrationTest
@TestPropertySource(properties = {
        "hub.spi.api-keys=" + SpiIntegrationTests.KEY + ", second-register-key",
        "hub.programs.hard.currency=USD",
        "hub.programs.hard.card-name=My Discount Card",
        "hub.programs.hard.card-type=Type of Card",
        "hub.programs.hard.limit-type=hard",
        "hub.programs.hard.original-balance=100.00",
        "hub.programs.hard.discount-tiers[0].from=0",
        "hub.programs.hard.discount-tiers[0].percentage=10",
        "hub.programs.hard.discount-tiers[1].from=1000.00",
        "hub.programs.hard.discount-tiers[1].percentage=15",
        "hub.programs.hard.alternate-discount.percentage=5",
        "hub.programs.hard.alternate-discount.product-attribute-id=low_margin",
        "hub.programs.hard.alternate-discount.product-attribute-value=true",
        "hub.programs.hard.expires=2099-12-31",
        "hub.programs.soft.currency=USD",
        "hub.programs.soft.limit-type=soft",
        "hub.programs.soft.original-balance=20.00",
        "hub.programs.pin.currency=USD",
        "hub.programs.pin.requires-pin=true",
        "hub.programs.expired.currency=USD",
        "hub.programs.expired.expires=2024-01-01T00:00:00Z",
        // the cards here are in USD; ecom's cards carry no currency and are read back in this one, so a poll that takes
        // a card back from ecom between its delivery and a sale leaves its currency as it was
        "hub.systems.ecom.currency=USD"})
class SpiIntegrationTests {

    static final String KEY = "test-register-key";

    @Autowired
    TestRestTemplate http;
    @Autowired
    CanonicalStore store;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    Topics topics;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.loyaltyhub.sandbox.ecom.EcomCardStore ecom;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Test
    void lookupByCardNumberThenByBarcodeAnswersTheDiscountCardObject() throws Exception {
        card("8100000001", "B-8100000001", "hard", "250.00", true);

        JsonNode byNumber = ok(post(LOOKUP, "{\"card_number\":\"8100000001\"}", null), 200, LOOKUP);
        assertThat(byNumber.path("card_number").asText()).isEqualTo("8100000001");
        assertThat(byNumber.path("card_number_display").asText()).isEqualTo("**********0001");
        assertThat(byNumber.path("currency_code").asText()).isEqualTo("USD");
        assertThat(byNumber.path("limit_type").asText()).isEqualTo("hard");
        assertThat(byNumber.path("original_balance").asText()).isEqualTo("100.00");
        assertThat(byNumber.path("balance").asText()).isEqualTo("100.00");
        assertThat(byNumber.path("discount_percentage").asInt()).isEqualTo(10);
        assertThat(byNumber.path("active").asBoolean()).isTrue();
        assertThat(byNumber.path("requires_pin").asBoolean()).isFalse();
        assertThat(byNumber.has("transaction_id")).isFalse();

        JsonNode byBarcode = ok(post(LOOKUP, "{\"card_number\":\"B-8100000001\"}", null), 200, LOOKUP);
        assertThat(byBarcode.path("card_number").asText()).isEqualTo("8100000001");
    }

    @Test
    void inactiveAndExpiredCardsAnswerActiveFalseAndRefuseSales() throws Exception {
        card("8100000002", null, "hard", "0", false);
        card("8100000003", null, "expired", "0", true);
        assertThat(ok(post(LOOKUP, "{\"card_number\":\"8100000002\"}", null), 200, LOOKUP).path("active").asBoolean()).isFalse();
        assertThat(ok(post(LOOKUP, "{\"card_number\":\"8100000003\"}", null), 200, LOOKUP).path("active").asBoolean()).isFalse();
        assertError(post(TRANSACTIONS, sale("8100000003", "1.00", "10.00", "r-expired"), null), 400, "card-inactive", TRANSACTIONS);
    }

    @Test
    void saleReturnAndRevertMoveBalanceAndAccumulatedAndEachPublishesItsEvent() throws Exception {
        card("8100000010", "B-8100000010", "hard", "900.00", true);

        JsonNode sale = ok(post(TRANSACTIONS, sale("8100000010", "10.00", "123.00", "receipt-10"), "req-10-sale"), 201, TRANSACTIONS);
        String saleId = sale.path("transaction_id").asText();
        assertThat(saleId).startsWith("txn_");
        assertThat(sale.path("balance").asText()).isEqualTo("90.00");
        assertThat(sale.path("discount_percentage").asInt()).as("accumulated 1023.00 reaches the 15% tier").isEqualTo(15);
        assertThat(accumulated("8100000010")).isEqualByComparingTo("1023.00");

        JsonNode refund = ok(post(TRANSACTIONS, """
                {"card_number":"8100000010","date":1704067200,"discount_amount":"10.00","total_amount":"123.00",
                 "transaction_type":"refund","transaction_reference":"receipt-10","refund_transaction_id":"%s"}""".formatted(saleId),
                "req-10-return"), 201, TRANSACTIONS);
        String returnId = refund.path("transaction_id").asText();
        assertThat(refund.path("balance").asText()).isEqualTo("100.00");
        assertThat(accumulated("8100000010")).isEqualByComparingTo("900.00");

        String revertPath = TRANSACTIONS + "/" + returnId + "/revert";
        JsonNode reverted = ok(post(revertPath, "{\"card_number\":\"8100000010\"}", "req-10-revert"), 200, revertPath);
        assertThat(reverted.path("transaction_id").asText()).isEqualTo(returnId);
        assertThat(reverted.path("balance").asText()).isEqualTo("90.00");
        assertThat(accumulated("8100000010")).isEqualByComparingTo("1023.00");

        // exactly once: a second revert (another request) and an unknown id change nothing
        assertError(post(revertPath, "{\"card_number\":\"8100000010\"}", "req-10-revert-again"), 400, "transaction-already-reverted", revertPath);
        String unknown = TRANSACTIONS + "/txn_unknown/revert";
        assertError(post(unknown, "{\"card_number\":\"8100000010\"}", null), 404, "transaction-not-found", unknown);
        assertThat(balance("8100000010")).isEqualByComparingTo("90.00");
        assertThat(accumulated("8100000010")).isEqualByComparingTo("1023.00");

        List<ConsumerRecord<String, String>> events = HubTestSupport.readUntil(kafka, topics.forEntity("transaction"),
                records -> onCard(records, "8100000010").size() >= 3, Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> mine = onCard(events, "8100000010");
        assertThat(mine).extracting(r -> HubTestSupport.header(r, "ce_type")).containsExactly(
                "org.loyaltyhub.transaction.sale", "org.loyaltyhub.transaction.return", "org.loyaltyhub.transaction.reverted");
        assertThat(mine).extracting(r -> HubTestSupport.header(r, "ce_source")).containsOnly("/systems/spi");
        JsonNode saleEvent = json.readTree(mine.get(0).value());
        assertThat(saleEvent.path("id").asText()).isEqualTo(saleId);
        assertThat(saleEvent.path("discountAmount").asText()).isEqualTo("10.00");
        assertThat(saleEvent.path("currency").asText()).isEqualTo("USD");
        assertThat(saleEvent.has("pin_input")).isFalse();
        assertThat(json.readTree(mine.get(1).value()).path("originalTransactionId").asText()).isEqualTo(saleId);
        assertThat(json.readTree(mine.get(2).value()).path("originalTransactionId").asText()).isEqualTo(returnId);
        // the changed accumulated amount is a card.upserted from spi, for the card sink to ecom
        assertThat(HubTestSupport.readUntil(kafka, topics.forEntity("card"), records -> records.stream().anyMatch(r ->
                "8100000010".equals(r.key()) && "/systems/spi".equals(HubTestSupport.header(r, "ce_source"))), Duration.ofSeconds(30)))
                .anyMatch(r -> "8100000010".equals(r.key()) && "/systems/spi".equals(HubTestSupport.header(r, "ce_source")));
    }

    @Test
    void aSaleChangesTheAccumulatedAmountInEcomThroughTheCardSink() throws Exception {
        card("8100000090", "B-8100000090", "soft", "40.00", true);
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode("8100000090").isPresent());

        ok(post(TRANSACTIONS, sale("8100000090", "1.00", "60.00", "receipt-90"), "req-90-sale"), 201, TRANSACTIONS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ecom.findByCode("8100000090").orElseThrow().accumulatedAmount()).isEqualByComparingTo("100.00"));
        assertThat(ecom.findAllByCode("8100000090")).hasSize(1);
    }

    @Test
    void aReturnMustNameASaleOfTheSameCard() throws Exception {
        card("8100000011", null, "hard", "0", true);
        assertError(post(TRANSACTIONS, """
                {"card_number":"8100000011","date":1704067200,"discount_amount":"1.00","total_amount":"5.00",
                 "transaction_type":"return","transaction_reference":"r-11","refund_transaction_id":"txn_nope"}""", null),
                404, "transaction-not-found", TRANSACTIONS);
        assertThat(ledgerRows("8100000011")).isZero();
    }

    @Test
    void hardLimitRefusesASaleOverTheBalanceSoftLetsItGoNegative() throws Exception {
        card("8100000020", null, "hard", "0", true);
        card("8100000021", null, "soft", "0", true);
        assertError(post(TRANSACTIONS, sale("8100000020", "100.01", "500.00", "r-20"), null), 400, "limit-exceeded", TRANSACTIONS);
        assertThat(ledgerRows("8100000020")).isZero();
        assertThat(ok(post(TRANSACTIONS, sale("8100000020", "100.00", "500.00", "r-20b"), null), 201, TRANSACTIONS)
                .path("balance").asText()).isEqualTo("0.00");

        assertThat(ok(post(TRANSACTIONS, sale("8100000021", "25.00", "100.00", "r-21"), null), 201, TRANSACTIONS)
                .path("balance").asText()).isEqualTo("-5.00");
    }

    @Test
    void unlimitedCardsKeepNoBalance() throws Exception {
        card("8100000022", null, null, "0", true); // the default program (standard: unlimited, MDL)
        JsonNode answer = ok(post(TRANSACTIONS, sale("8100000022", "1000.00", "1000.00", "r-22"), null), 201, TRANSACTIONS);
        assertThat(answer.path("limit_type").asText()).isEqualTo("unlimited");
        assertThat(answer.has("balance")).isFalse();
        assertThat(answer.path("currency_code").asText()).isEqualTo("MDL");
    }

    @Test
    void theSameRequestIdOrReceiptAgainGetsTheFirstAnswerAndAppliesNothingTwice() throws Exception {
        card("8100000030", null, "hard", "0", true);
        String body = sale("8100000030", "5.00", "50.00", "receipt-30");
        JsonNode first = ok(post(TRANSACTIONS, body, "req-30"), 201, TRANSACTIONS);
        JsonNode again = ok(post(TRANSACTIONS, body, "req-30"), 201, TRANSACTIONS);
        JsonNode sameReceiptNoRequestId = ok(post(TRANSACTIONS, body, null), 201, TRANSACTIONS);
        assertThat(again).isEqualTo(first);
        assertThat(sameReceiptNoRequestId).isEqualTo(first);
        assertThat(ledgerRows("8100000030")).isOne();
        assertThat(balance("8100000030")).isEqualByComparingTo("95.00");

        String revertPath = TRANSACTIONS + "/" + first.path("transaction_id").asText() + "/revert";
        JsonNode reverted = ok(post(revertPath, "{\"card_number\":\"8100000030\"}", "req-30-revert"), 200, revertPath);
        assertThat(ok(post(revertPath, "{\"card_number\":\"8100000030\"}", "req-30-revert"), 200, revertPath)).isEqualTo(reverted);
        assertThat(balance("8100000030")).isEqualByComparingTo("100.00");
    }

    @Test
    void fiftyConcurrentSalesNeverTakeAHardLimitCardBelowZero() throws Exception {
        card("8100000040", null, "hard", "0", true);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String body = sale("8100000040", "3.00", "30.00", "concurrent-" + i);
                answers.add(pool.submit((Callable<ResponseEntity<String>>) () -> post(TRANSACTIONS, body, null)));
            }
            int created = 0;
            int refused = 0;
            for (Future<ResponseEntity<String>> answer : answers) {
                ResponseEntity<String> response = answer.get();
                if (response.getStatusCode() == HttpStatus.CREATED) {
                    created++;
                } else {
                    assertThat(json.readTree(response.getBody()).path("error_code").asText()).isEqualTo("limit-exceeded");
                    refused++;
                }
            }
            assertThat(created).isEqualTo(33); // 33 x 3.00 = 99.00 of 100.00
            assertThat(refused).isEqualTo(17);
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance("8100000040")).isEqualByComparingTo("1.00");
        assertThat(ledgerRows("8100000040")).isEqualTo(33);
        assertThat(accumulated("8100000040")).isEqualByComparingTo("990.00");
    }

    @Test
    void aWrongPinAnswers422AndFiveWrongPinsLockTheCard() throws Exception {
        card("8100000050", null, "pin", "0", true);
        assertThat(ok(post(LOOKUP, "{\"card_number\":\"8100000050\"}", null), 200, LOOKUP).path("requires_pin").asBoolean()).isTrue();
        String pinPath = "/ops/api/spi/cards/8100000050/pin";
        assertThat(http.exchange(pinPath, HttpMethod.PUT, jsonEntity("{\"pin\":\"4321\"}", null), String.class).getStatusCode())
                .as("behind the operator login").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(ops().exchange(pinPath, HttpMethod.PUT, new HttpEntity<>("{\"pin\":\"4321\"}", jsonHeaders()), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(jdbc.queryForObject("SELECT pin_hash FROM spi_card_account WHERE card_number = '8100000050'", Map.of(), String.class))
                .startsWith("$2").doesNotContain("4321");

        assertError(post(TRANSACTIONS, withPin(sale("8100000050", "1.00", "10.00", "pin-ok"), "4321"), null), 201, null, TRANSACTIONS);
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertError(post(TRANSACTIONS, withPin(sale("8100000050", "1.00", "10.00", "pin-" + attempt), "0000"), null),
                    422, "invalid-pin", TRANSACTIONS);
        }
        assertError(post(TRANSACTIONS, withPin(sale("8100000050", "1.00", "10.00", "pin-5"), "0000"), null), 422, "card-locked", TRANSACTIONS);
        assertError(post(TRANSACTIONS, withPin(sale("8100000050", "1.00", "10.00", "pin-6"), "4321"), null), 422, "card-locked", TRANSACTIONS);
        assertThat(ledgerRows("8100000050")).isOne();

        // the operator sets a new PIN: the lock is lifted
        ops().exchange(pinPath, HttpMethod.PUT, new HttpEntity<>("{\"pin\":\"9876\"}", jsonHeaders()), String.class);
        assertError(post(TRANSACTIONS, withPin(sale("8100000050", "1.00", "10.00", "pin-7"), "9876"), null), 201, null, TRANSACTIONS);
    }

    @Test
    void refusedRequestsAnswerTheErrorObjectAndStoreNothing() throws Exception {
        card("8100000060", null, "hard", "0", true);
        // this card's events only: earlier tests' events still being dead-lettered (by wallet) add outbox rows meanwhile
        String outboxCount = "SELECT count(*) FROM event_outbox WHERE event_type LIKE '%transaction%' AND subject = '8100000060'";
        long outboxBefore = jdbc.queryForObject(outboxCount, Map.of(), Long.class);

        HttpHeaders noKey = jsonHeaders();
        noKey.set("Request-ID", "req-401");
        ResponseEntity<String> unauthorized = http.exchange(TRANSACTIONS, HttpMethod.POST,
                new HttpEntity<>(sale("8100000060", "1.00", "2.00", "e-1"), noKey), String.class);
        JsonNode error = assertError(unauthorized, 401, "unauthorized", TRANSACTIONS);
        assertThat(error.path("request_id").asText()).isEqualTo("req-401");
        HttpHeaders wrongKey = jsonHeaders();
        wrongKey.setBearerAuth(KEY + "x");
        assertError(http.exchange(LOOKUP, HttpMethod.POST, new HttpEntity<>("{\"card_number\":\"8100000060\"}", wrongKey), String.class),
                401, "unauthorized", LOOKUP);
        HttpHeaders secondKey = jsonHeaders();
        secondKey.setBearerAuth("second-register-key");
        assertThat(http.exchange(LOOKUP, HttpMethod.POST, new HttpEntity<>("{\"card_number\":\"8100000060\"}", secondKey), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        HttpHeaders text = till().headers("req-415");
        text.setContentType(MediaType.TEXT_PLAIN);
        assertError(http.exchange(TRANSACTIONS, HttpMethod.POST, new HttpEntity<>(sale("8100000060", "1.00", "2.00", "e-2"), text), String.class),
                415, "unsupported-media-type", TRANSACTIONS);
        String huge = "{\"card_number\":\"8100000060\",\"padding\":\"" + "x".repeat(70_000) + "\"}";
        assertError(post(TRANSACTIONS, huge, "req-413"), 413, "payload-too-large", TRANSACTIONS);
        assertError(post(TRANSACTIONS, "{\"card_number\": ", "req-bad-json"), 400, "malformed-json", TRANSACTIONS);
        assertError(post(TRANSACTIONS, "[1,2]", null), 400, "malformed-json", TRANSACTIONS);
        assertError(post(TRANSACTIONS, sale("8100000060", "1.5", "2.00", "e-3"), null), 400, "field-invalid", TRANSACTIONS);
        assertError(post(TRANSACTIONS, sale("8100000060", "1.00", "2.00", "e-3").replace("\"1.00\"", "1.00"), null), 400, "field-invalid", TRANSACTIONS);
        assertError(post(TRANSACTIONS, sale("8100000060", "1.00", "2.00", "e-4").replace("\"date\":1704067200,", ""), null),
                400, "field-missing", TRANSACTIONS);
        assertError(post(TRANSACTIONS, sale("8100000060", "1.00", "2.00", "e-5").replace("1704067200", "\"yesterday\""), null),
                400, "field-invalid", TRANSACTIONS);
        assertError(post(TRANSACTIONS, sale("8100000060", "1.00", "2.00", "e-6").replace("\"sale\"", "\"gift\""), null),
                400, "field-invalid", TRANSACTIONS);
        assertError(post(TRANSACTIONS + "?eshop_id=abc", sale("8100000060", "1.00", "2.00", "e-7"), null), 400, "field-invalid", TRANSACTIONS);
        JsonNode notFound = assertError(post(LOOKUP, "{\"card_number\":\"0000000000\"}", "req-404"), 404, "card-not-found", LOOKUP);
        assertThat(notFound.path("request_id").asText()).isEqualTo("req-404");
        assertThat(notFound.toString()).doesNotContain("Exception").doesNotContain("at org.");

        assertThat(ledgerRows("8100000060")).isZero();
        assertThat(jdbc.queryForObject(outboxCount, Map.of(), Long.class))
                .isEqualTo(outboxBefore);
    }

    @Test
    void theContractIsServedAndTheHubsOtherEndpointsStillAnswer() throws Exception {
        ResponseEntity<String> openapi = http.getForEntity("/spi/openapi.json", String.class);
        assertThat(openapi.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode document = json.readTree(openapi.getBody());
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.path("paths").has("/discount-cards/lookup")).isTrue();
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/ops/api/dead-letters", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(ops().getForEntity("/ops/api/dead-letters", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/sandbox/ecom/external/discount-card/", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    // --- helpers

    private void card(String number, String barcode, String program, String accumulated, boolean active) {
        StringBuilder card = new StringBuilder("{\"number\":\"" + number + "\",\"active\":" + active
                + ",\"accumulated\":{\"amount\":\"" + accumulated + "\",\"currency\":\"USD\"}");
        if (barcode != null) {
            card.append(",\"barcode\":\"").append(barcode).append('"');
        }
        if (program != null) {
            card.append(",\"program\":\"").append(program).append('"');
        }
        try {
            store.accept("test", "card", json.readTree(card.append('}').toString()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SpiClient till() {
        return new SpiClient(http, json, KEY, "store-1", "register-1");
    }

    private ResponseEntity<String> post(String path, String body, String requestId) {
        return till().post(path, body, requestId);
    }

    private JsonNode ok(ResponseEntity<String> response, int status, String path) throws Exception {
        return till().ok(response, status, path);
    }

    private JsonNode assertError(ResponseEntity<String> response, int status, String errorCode, String path) throws Exception {
        return till().error(response, status, errorCode, path);
    }

    private HttpEntity<String> jsonEntity(String body, String requestId) {
        return new HttpEntity<>(body, till().headers(requestId));
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private TestRestTemplate ops() {
        return HubTestSupport.operator(http);
    }

    private BigDecimal balance(String card) {
        return ledger().balance(card).orElseThrow();
    }

    private BigDecimal accumulated(String card) {
        return ledger().accumulated(card);
    }

    private int ledgerRows(String card) {
        return ledger().rows(card, false);
    }

    private CardLedger ledger() {
        return new CardLedger(jdbc, store);
    }

    private static List<ConsumerRecord<String, String>> onCard(List<ConsumerRecord<String, String>> records, String card) {
        return records.stream().filter(r -> card.equals(r.key())).toList();
    }
}
