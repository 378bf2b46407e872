package org.loyaltyhub.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubRouteTest;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.RouteAdvice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The SPI transaction route with its ledger step, at the route level: a mock endpoint woven in right after the
 * ledger step sees every time the ledger answered, and can break the request there, after the ledger committed.
 * Requests come over HTTP as a register sends them: the REST route is inlined (its direct: endpoint does not exist).
 */
@HubRouteTest
class SpiLedgerRouteTests {

    static final String ROUTE = "spi-transaction";
    static final String AFTER_LEDGER = "mock:spi-after-ledger";

    @Autowired
    CamelContext camel;
    @Autowired
    CanonicalStore store;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Topics topics;

    MockEndpoint afterLedger;

    @BeforeEach
    void watchTheLedgerStep() throws Exception {
        RouteAdvice.adviseOnce(camel, ROUTE, "after-ledger",
                route -> route.weaveByToString(".*spiLedger.*").after().to(AFTER_LEDGER));
        afterLedger = RouteAdvice.reset(camel, AFTER_LEDGER);
    }

    @Test
    void aSaleWhoseAnswerWasLostAndItsRepeatWithTheSameRequestIdAreAppliedOnce() throws Exception {
        String card = "86" + System.nanoTime() % 100_000_000_000L;
        store.accept("tests", "card", json.readTree("""
                {"number": "%s", "active": true, "program": "routetests", "accumulated": {"amount": "0.00", "currency": "MDL"}}"""
                .formatted(card)));
        // the ledger commits the sale, then the request breaks: the register never gets the answer
        afterLedger.whenExchangeReceived(1, RouteAdvice.fail(new IllegalStateException("connection to the register lost")));

        ResponseEntity<String> lost = sale(card, "receipt-1", "request-1");
        ResponseEntity<String> repeat = sale(card, "receipt-1", "request-1");

        assertThat(lost.getStatusCode().value()).as("the first answer is an error").isEqualTo(500);
        assertThat(afterLedger.getReceivedCounter()).as("the ledger step ran for both requests").isEqualTo(2);
        JsonNode answer = register().ok(repeat, 201, SpiClient.TRANSACTIONS);
        assertThat(answer.path("transaction_id").asText()).startsWith("txn_");
        assertThat(answer.path("balance").asText()).as("100.00 less one discount of 10.00").isEqualTo("90.00");
        assertThat(rows(card)).as("one ledger row").isEqualTo(1);
        assertThat(transactionEvents(card)).as("one transaction event").isEqualTo(1);

        // the idempotency is the request's, not the card's: another sale is applied
        JsonNode next = register().ok(sale(card, "receipt-2", "request-2"), 201, SpiClient.TRANSACTIONS);
        assertThat(next.path("balance").asText()).isEqualTo("80.00");
        assertThat(next.path("transaction_id").asText()).isNotEqualTo(answer.path("transaction_id").asText());
        assertThat(rows(card)).isEqualTo(2);
        assertThat(transactionEvents(card)).isEqualTo(2);
    }

    /** A sale of 123.00 with a discount of 10.00, as a register posts it. */
    private ResponseEntity<String> sale(String card, String reference, String requestId) {
        return register().post(SpiClient.TRANSACTIONS, SpiClient.sale(card, "10.00", "123.00", reference), requestId);
    }

    private SpiClient register() {
        return new SpiClient(http, json, HubTestSupport.SPI_KEY, "store-1", "register-1");
    }

    private int rows(String card) {
        return jdbc.queryForObject("SELECT count(*) FROM spi_transaction WHERE card_number = :card",
                new MapSqlParameterSource("card", card), Integer.class);
    }

    /** Events on the transactions topic (a dead letter's copy, on the dead-letter topic, is not one). */
    private int transactionEvents(String card) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM event_outbox WHERE topic = :topic AND payload LIKE :card""",
                new MapSqlParameterSource("card", "%\"" + card + "\"%").addValue("topic", topics.forEntity("transaction")), Integer.class);
    }
}
