package org.loyaltyhub.endtoend;

import org.loyaltyhub.spi.CardLedger;
import org.loyaltyhub.spi.SpiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loyaltyhub.spi.SpiClient.TRANSACTIONS;
import static org.loyaltyhub.spi.SpiClient.ret;
import static org.loyaltyhub.spi.SpiClient.revertPath;
import static org.loyaltyhub.spi.SpiClient.sale;
import static org.loyaltyhub.spi.SpiClient.withPin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
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

/** The ledger's money rules as a till meets them: return caps, idempotency keys, PIN lockout, money checks, the statement. */
@HubIntegrationTest
@TestPropertySource(properties = {
        "hub.spi.api-keys=" + SpiLedgerRulesIntegrationTests.KEY,
        "hub.programs.hard.currency=USD",
        "hub.programs.hard.limit-type=hard",
        "hub.programs.hard.original-balance=100.00",
        "hub.programs.open.currency=USD",
        "hub.programs.pin.currency=USD",
        "hub.programs.pin.requires-pin=true"})
class SpiLedgerRulesIntegrationTests {

    static final String KEY = "rules-register-key";

    @Autowired
    TestRestTemplate http;
    @Autowired
    CanonicalStore store;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Topics topics;

    // --- 1. returns are capped by their sale

    @Test
    void aReturnBeyondItsSaleIsRefusedWithWhatIsLeftAndChangesNothing() throws Exception {
        card("8200000001", "hard", "0.00", "USD");
        SpiClient till = till();
        String saleId = till.ok(till.post(TRANSACTIONS, sale("8200000001", "1.00", "10.00", "rc-1"), "rq-1"), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        Snapshot before = snapshot("8200000001");

        JsonNode refused = till.error(till.post(TRANSACTIONS, ret("8200000001", "900.00", "99999.00", "rc-1", saleId), "rq-2"),
                400, "return-exceeds-sale", TRANSACTIONS);
        assertThat(refused.path("error_data").path("returnable_total").asText()).isEqualTo("10.00");
        assertThat(refused.path("error_data").path("returnable_discount").asText()).isEqualTo("1.00");
        assertThat(snapshot("8200000001")).isEqualTo(before);

        // two returns of 6.00 on a 10.00 sale: the second is more than is left
        till.ok(till.post(TRANSACTIONS, ret("8200000001", "0.60", "6.00", "rc-1", saleId), "rq-3"), 201, TRANSACTIONS);
        Snapshot afterFirst = snapshot("8200000001");
        JsonNode second = till.error(till.post(TRANSACTIONS, ret("8200000001", "0.60", "6.00", "rc-1", saleId), "rq-4"),
                400, "return-exceeds-sale", TRANSACTIONS);
        assertThat(second.path("error_data").path("returnable_total").asText()).isEqualTo("4.00");
        assertThat(snapshot("8200000001")).isEqualTo(afterFirst);
        assertThat(afterFirst.balance()).isEqualByComparingTo("99.60");
        assertThat(afterFirst.accumulated()).isEqualByComparingTo("4.00");
    }

    @Test
    void partialReturnsWorkDownToTheLastCentAndARevertedReturnGivesItsShareBack() throws Exception {
        card("8200000002", "hard", "0.00", "USD");
        SpiClient till = till();
        String saleId = till.ok(till.post(TRANSACTIONS, sale("8200000002", "1.00", "10.00", "rc-2"), null), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        till.ok(till.post(TRANSACTIONS, ret("8200000002", "0.60", "6.00", "rc-2", saleId), null), 201, TRANSACTIONS);
        till.ok(till.post(TRANSACTIONS, ret("8200000002", "0.39", "3.99", "rc-2", saleId), null), 201, TRANSACTIONS);
        String lastCent = till.ok(till.post(TRANSACTIONS, ret("8200000002", "0.01", "0.01", "rc-2", saleId), null), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        assertThat(balance("8200000002")).as("every discount given back, never more").isEqualByComparingTo("100.00");
        assertThat(accumulated("8200000002")).isEqualByComparingTo("0.00");
        till.error(till.post(TRANSACTIONS, ret("8200000002", "0.00", "0.01", "rc-2b", saleId), null), 400, "return-exceeds-sale", TRANSACTIONS);

        till.ok(till.post(revertPath(lastCent), "{\"card_number\":\"8200000002\"}", null), 200, revertPath(lastCent));
        assertThat(balance("8200000002")).isEqualByComparingTo("99.99");
        till.ok(till.post(TRANSACTIONS, ret("8200000002", "0.01", "0.01", "rc-2c", saleId), null), 201, TRANSACTIONS);
        assertThat(balance("8200000002")).isEqualByComparingTo("100.00");
        assertThat(accumulated("8200000002")).isEqualByComparingTo("0.00");
    }

    // --- 2. idempotency by business identity, never across cards

    @Test
    void theSameRequestIdWithAnotherCardOrAmountIsAConflictAndAppliesNothing() throws Exception {
        card("8200000010", "open", "0.00", "USD");
        card("8200000011", "open", "0.00", "USD");
        SpiClient till = till();
        JsonNode first = till.ok(till.post(TRANSACTIONS, sale("8200000010", "1.00", "10.00", "rc-10"), "rq-10"), 201, TRANSACTIONS);
        assertThat(till.ok(till.post(TRANSACTIONS, sale("8200000010", "1.00", "10.00", "rc-10"), "rq-10"), 201, TRANSACTIONS))
                .as("the same request again: the first answer").isEqualTo(first);

        JsonNode otherCard = till.error(till.post(TRANSACTIONS, sale("8200000011", "1.00", "10.00", "rc-10"), "rq-10"),
                409, "request-id-conflict", TRANSACTIONS);
        assertThat(otherCard.toString()).doesNotContain("8200000010").doesNotContain(first.path("transaction_id").asText());
        till.error(till.post(TRANSACTIONS, sale("8200000010", "2.00", "20.00", "rc-10"), "rq-10"), 409, "request-id-conflict", TRANSACTIONS);
        till.error(till.post(TRANSACTIONS, sale("8200000010", "1.00", "10.00", "rc-10-other"), "rq-10"), 409, "request-id-conflict", TRANSACTIONS);
        assertThat(rows("8200000011")).isZero();
        assertThat(rows("8200000010")).isOne();
        assertThat(accumulated("8200000010")).isEqualByComparingTo("10.00");
        assertThat(accumulated("8200000011")).isEqualByComparingTo("0.00");

        // a receipt is one sale per card: the same receipt with other amounts is a conflict too
        till.error(till.post(TRANSACTIONS, sale("8200000010", "3.00", "30.00", "rc-10"), null), 409, "receipt-conflict", TRANSACTIONS);
        assertThat(rows("8200000010")).isOne();
    }

    @Test
    void splitTenderAndTwoStoresWithTheSameRegisterIdAreSeparateTransactions() throws Exception {
        card("8200000020", "open", "0.00", "USD");
        card("8200000021", "open", "0.00", "USD");
        SpiClient till = till();
        JsonNode first = till.ok(till.post(TRANSACTIONS, sale("8200000020", "1.00", "10.00", "receipt-77"), null), 201, TRANSACTIONS);
        JsonNode second = till.ok(till.post(TRANSACTIONS, sale("8200000021", "2.00", "20.00", "receipt-77"), null), 201, TRANSACTIONS);
        assertThat(second.path("card_number").asText()).isEqualTo("8200000021");
        assertThat(second.path("transaction_id").asText()).isNotEqualTo(first.path("transaction_id").asText());
        assertThat(accumulated("8200000021")).isEqualByComparingTo("20.00");

        SpiClient otherStore = till.at("store-2", "till-1");
        JsonNode inStoreOne = till.at("store-1", "till-1").ok(till.at("store-1", "till-1")
                .post(TRANSACTIONS, sale("8200000020", "1.00", "5.00", "receipt-1"), null), 201, TRANSACTIONS);
        JsonNode inStoreTwo = otherStore.ok(otherStore.post(TRANSACTIONS, sale("8200000020", "1.00", "5.00", "receipt-1"), null), 201, TRANSACTIONS);
        assertThat(inStoreTwo.path("transaction_id").asText()).isNotEqualTo(inStoreOne.path("transaction_id").asText());
        assertThat(rows("8200000020")).isEqualTo(3);
        assertThat(accumulated("8200000020")).isEqualByComparingTo("20.00");
    }

    @Test
    void aRevertRepeatedWithItsRequestIdGetsTheStoredAnswerAndAnotherTransactionUnderItIsAConflict() throws Exception {
        card("8200000030", "open", "0.00", "USD");
        SpiClient till = till();
        String one = till.ok(till.post(TRANSACTIONS, sale("8200000030", "1.00", "10.00", "rc-30"), null), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        String two = till.ok(till.post(TRANSACTIONS, sale("8200000030", "1.00", "10.00", "rc-31"), null), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        JsonNode reverted = till.ok(till.post(revertPath(one), "{\"card_number\":\"8200000030\"}", "rv-30"), 200, revertPath(one));
        assertThat(till.ok(till.post(revertPath(one), "{\"card_number\":\"8200000030\"}", "rv-30"), 200, revertPath(one))).isEqualTo(reverted);
        till.error(till.post(revertPath(two), "{\"card_number\":\"8200000030\"}", "rv-30"), 409, "request-id-conflict", revertPath(two));
        assertThat(accumulated("8200000030")).isEqualByComparingTo("10.00");
    }

    // --- 5. money

    @Test
    void amountsOutOfRangeNegativeOverTwoDecimalsOrADiscountOverTheTotalNameTheirField() throws Exception {
        card("8200000040", "open", "0.00", "USD");
        SpiClient till = till();
        Map<String, String> cases = Map.of(
                sale("8200000040", "1.00", "12345678901234567.00", "m-1"), "total_amount",
                sale("8200000040", "1.00", "-10.00", "m-2"), "total_amount",
                sale("8200000040", "1.001", "10.00", "m-3"), "discount_amount",
                sale("8200000040", "11.00", "10.00", "m-4"), "discount_amount",
                ret("8200000040", "-1.00", "5.00", "m-5", "txn_x"), "discount_amount");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode error = till.error(till.post(TRANSACTIONS, c.getKey(), null), 400, "field-invalid", TRANSACTIONS);
            assertThat(error.path("error_data").path("field").asText()).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(rows("8200000040")).isZero();
    }

    @Test
    void aCardWhoseProgramBecomesLimitedGetsItsOriginalBalanceAndAnotherCurrencyIsRefused() throws Exception {
        card("8200000050", "open", "0.00", "USD");
        SpiClient till = till();
        till.ok(till.post(TRANSACTIONS, sale("8200000050", "5.00", "50.00", "p-1"), null), 201, TRANSACTIONS);
        store.accept("test", "card", json.readTree("{\"number\":\"8200000050\",\"program\":\"hard\"}"));
        JsonNode limited = till.ok(till.post(TRANSACTIONS, sale("8200000050", "5.00", "50.00", "p-2"), null), 201, TRANSACTIONS);
        assertThat(limited.path("balance").asText()).as("starts at the original balance").isEqualTo("95.00");
        store.accept("test", "card", json.readTree("{\"number\":\"8200000050\",\"program\":\"open\"}"));
        assertThat(till.ok(till.post(TRANSACTIONS, sale("8200000050", "1.00", "1.00", "p-3"), null), 201, TRANSACTIONS).has("balance")).isFalse();

        card("8200000051", "open", "50.00", "EUR");
        JsonNode mismatch = till.error(till.post(TRANSACTIONS, sale("8200000051", "1.00", "10.00", "p-4"), null), 400, "currency-mismatch", TRANSACTIONS);
        assertThat(mismatch.path("error_data").path("program_currency").asText()).isEqualTo("USD");
        assertThat(rows("8200000051")).isZero();
    }

    // --- 4. PIN

    @Test
    void thePinIsCheckedOnlyForARequestThatIsOtherwiseValid() throws Exception {
        card("8200000060", "pin", "0.00", "USD");
        card("8200000061", "open", "0.00", "USD");
        setPin("8200000060", "4321");
        SpiClient till = till();
        String otherCardsSale = till.ok(till.post(TRANSACTIONS, sale("8200000061", "1.00", "10.00", "o-1"), null), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        for (int i = 0; i < 10; i++) {
            String madeUp = revertPath("txn_made_up_" + i);
            till.error(till.post(madeUp, "{\"card_number\":\"8200000060\",\"pin_input\":\"000" + (i % 10) + "\"}", null),
                    404, "transaction-not-found", madeUp);
            till.error(till.post(TRANSACTIONS, withPin(ret("8200000060", "1.00", "10.00", "o-2", otherCardsSale), "1111"), null),
                    404, "transaction-not-found", TRANSACTIONS);
        }
        assertThat(pinState("8200000060").path("failedAttempts").asInt()).as("no attempt counted").isZero();
        till.ok(till.post(TRANSACTIONS, withPin(sale("8200000060", "1.00", "10.00", "o-3"), "4321"), null), 201, TRANSACTIONS);
    }

    @Test
    void theLockoutEscalatesThenOnlyAnOperatorUnlocks() throws Exception {
        card("8200000070", "pin", "0.00", "USD");
        setPin("8200000070", "4321");
        SpiClient till = till();
        for (int lock = 1; lock <= 2; lock++) {
            for (int attempt = 1; attempt <= 5; attempt++) {
                till.error(till.post(TRANSACTIONS, withPin(sale("8200000070", "1.00", "10.00", "l" + lock + attempt), "0000"), null),
                        422, attempt < 5 ? "invalid-pin" : "card-locked", TRANSACTIONS);
            }
            JsonNode state = pinState("8200000070");
            long minutes = java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(state.path("lockedUntil").asText())).toMinutes();
            assertThat(minutes).as("lock %d lasts 15 min x 2^(n-1)", lock).isBetween(15L * (1L << (lock - 1)) - 1, 15L * (1L << (lock - 1)));
            till.error(till.post(TRANSACTIONS, withPin(sale("8200000070", "1.00", "10.00", "locked" + lock), "4321"), null),
                    422, "card-locked", TRANSACTIONS);
            expireLock("8200000070"); // the lock's time has passed
        }
        for (int attempt = 1; attempt <= 5; attempt++) {
            till.error(till.post(TRANSACTIONS, withPin(sale("8200000070", "1.00", "10.00", "day" + attempt), "0000"), null),
                    422, attempt < 5 ? "invalid-pin" : "card-locked", TRANSACTIONS);
        }
        JsonNode ceiling = pinState("8200000070");
        assertThat(ceiling.path("lockedUntilOperatorUnlocks").asBoolean()).as("15 wrong PINs in a day").isTrue();
        expireLock("8200000070");
        JsonNode stillLocked = till.error(till.post(TRANSACTIONS, withPin(sale("8200000070", "1.00", "10.00", "after"), "4321"), null),
                422, "card-locked", TRANSACTIONS);
        assertThat(stillLocked.path("error_data").path("unlock").asText()).isEqualTo("operator");

        assertThat(ops().exchange("/ops/api/spi/cards/8200000070/pin/lock", HttpMethod.DELETE, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        till.ok(till.post(TRANSACTIONS, withPin(sale("8200000070", "1.00", "10.00", "unlocked"), "4321"), null), 201, TRANSACTIONS);
        assertThat(pinState("8200000070").path("lockedUntilOperatorUnlocks").asBoolean()).isFalse();
    }

    // --- 7. the statement

    @Test
    void theStatementListsEachRowNewestFirstWithBalanceAfterAndWhatIsReturnable() throws Exception {
        card("8200000080", "hard", "0.00", "USD");
        SpiClient till = till();
        String saleId = till.ok(till.post(TRANSACTIONS, sale("8200000080", "2.00", "20.00", "st-1"), "st-rq-1"), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        String returnId = till.ok(till.post(TRANSACTIONS, ret("8200000080", "0.50", "5.00", "st-1", saleId), "st-rq-2"), 201, TRANSACTIONS)
                .path("transaction_id").asText();
        String path = "/ops/api/spi/cards/8200000080/transactions";
        assertThat(http.getForEntity(path, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        JsonNode statement = json.readTree(ops().getForObject(path, String.class));
        assertThat(statement.path("total").asInt()).isEqualTo(2);
        JsonNode newest = statement.path("items").get(0);
        assertThat(newest.path("id").asText()).isEqualTo(returnId);
        assertThat(newest.path("type").asText()).isEqualTo("return");
        assertThat(newest.path("balanceAfter").asText()).isEqualTo("98.50");
        assertThat(newest.path("originalTransactionId").asText()).isEqualTo(saleId);
        assertThat(newest.path("requestId").asText()).isEqualTo("st-rq-2");
        assertThat(newest.path("storeId").asText()).isEqualTo("store-1");
        assertThat(newest.path("registerId").asText()).isEqualTo("register-1");
        JsonNode saleRow = statement.path("items").get(1);
        assertThat(saleRow.path("balanceAfter").asText()).isEqualTo("98.00");
        assertThat(saleRow.path("returnable").path("totalAmount").asText()).isEqualTo("15.00");
        assertThat(saleRow.path("returnable").path("discountAmount").asText()).isEqualTo("1.50");
        JsonNode page = json.readTree(ops().getForObject(path + "?page=1&size=1", String.class));
        assertThat(page.path("items").get(0).path("id").asText()).isEqualTo(saleId);
        assertThat(ops().getForEntity("/ops/api/spi/cards/0000000000/transactions", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    // --- helpers

    private SpiClient till() {
        return new SpiClient(http, json, KEY, "store-1", "register-1");
    }

    private TestRestTemplate ops() {
        return HubTestSupport.operator(http);
    }

    private void card(String number, String program, String accumulated, String currency) throws Exception {
        store.accept("test", "card", json.readTree("""
                {"number":"%s","active":true,"program":"%s","accumulated":{"amount":"%s","currency":"%s"}}"""
                .formatted(number, program, accumulated, currency)));
    }

    private void setPin(String card, String pin) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> answer = ops().exchange("/ops/api/spi/cards/" + card + "/pin", HttpMethod.PUT,
                new HttpEntity<>("{\"pin\":\"" + pin + "\"}", headers), String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    private JsonNode pinState(String card) throws Exception {
        return json.readTree(ops().getForObject("/ops/api/spi/cards/" + card + "/pin", String.class));
    }

    private void expireLock(String card) {
        jdbc.update("UPDATE spi_card_account SET locked_until = now() - interval '1 second' WHERE card_number = :card",
                new MapSqlParameterSource("card", card));
    }

    /** What a refused request must leave as it was. */
    record Snapshot(BigDecimal balance, BigDecimal accumulated, int rows, long events) {
    }

    private Snapshot snapshot(String card) {
        return new Snapshot(balance(card), accumulated(card), rows(card), jdbc.queryForObject(
                "SELECT count(*) FROM event_outbox WHERE topic = :topic AND subject = :card",
                new MapSqlParameterSource("card", card).addValue("topic", topics.forEntity("transaction")), Long.class));
    }

    private BigDecimal balance(String card) {
        return new CardLedger(jdbc, store).balance(card).orElseThrow();
    }

    private BigDecimal accumulated(String card) {
        return new CardLedger(jdbc, store).accumulated(card);
    }

    private int rows(String card) {
        return new CardLedger(jdbc, store).rows(card, true);
    }
}
