package org.loyaltyhub.endtoend;

import org.loyaltyhub.delivery.CurrentStates;

import org.loyaltyhub.exchange.DeliveryItem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.reliability.DeadLetter;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.wallet.WalletStore;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Newer wins: a dead letter replayed after its card changed (single calls at the wallet, a bulk at ecom) sends
 * the card's current state, never the letter's older one, and the letter's history says so. Each change comes from a
 * system the default mappings/fields.yaml lets make it: the holder from ecom, its owner (through the ecom sandbox and
 * the poll), the accumulated amount from a sale at the point of sale (a counter of ecom and spi).
 */
@HubIntegrationTest
class NewerWinsIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    CanonicalStore store;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    WalletStore wallet;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    ObjectMapper json;

    @Test
    void aReplayedOlderCardLeavesTheWalletCustomerAtItsCurrentState() throws Exception {
        String number = "7940000000015";
        long id = createdAtEcom(number, "Olga");
        await().atMost(Duration.ofSeconds(30)).until(() -> firstNameAtWallet(number).equals("Olga"));
        String older = store.find("card", number).orElseThrow().toString();
        assertThat(store.newerThan("card", Map.of(number, 1L))).as("the letter holds the card's first state").isEmpty();
        renamedAtEcom(id, number, "Oksana");
        await().atMost(Duration.ofSeconds(30)).until(() -> firstNameAtWallet(number).equals("Oksana"));

        long letter = parkAndReplay("wallet", "ecom", number, older);
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(deadLetters.find(letter).orElseThrow().status()));
        assertThat(firstNameAtWallet(number)).as("the current state, not the letter's").isEqualTo("Oksana");
        assertThat(noted(deadLetters.find(letter).orElseThrow())).isTrue();
    }

    @Test
    void aReplayedOlderCardLeavesEcomAtItsCurrentState() throws Exception {
        String number = "7940000000023";
        // the card comes from another system (every field a gap in the hub, so taken from it), then a sale moves its amount
        String older = card(number, "Petra", "10.00");
        store.accept("crm", "card", json.readTree(older));
        await().atMost(Duration.ofSeconds(30)).until(() -> amountAtEcom(number).map(a -> a.compareTo(new BigDecimal("10.00")) == 0).orElse(false));
        sale(number, "5.00", "newer-wins-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> amountAtEcom(number).map(a -> a.compareTo(new BigDecimal("15.00")) == 0).orElse(false));

        long letter = parkAndReplay("ecom", "crm", number, older);
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(deadLetters.find(letter).orElseThrow().status()));
        assertThat(amountAtEcom(number)).as("the current state, not the letter's: its 10.00 would undo the sale").hasValueSatisfying(
                amount -> assertThat(amount).isEqualByComparingTo("15.00"));
        assertThat(ecom.findAllByCode(number)).hasSize(1);
        assertThat(noted(deadLetters.find(letter).orElseThrow())).isTrue();
    }

    /** A dead letter holding the card's older event (from {@code source}), as a failed delivery would have left it, replayed by an operator. */
    private long parkAndReplay(String target, String source, String number, String olderCard) {
        Map<String, String> item = new HashMap<>();
        item.put(DeliveryItem.EVENT_ID, UUID.randomUUID().toString());
        item.put(DeliveryItem.TYPE, "org.loyaltyhub.card.upserted");
        item.put(DeliveryItem.SOURCE, "/systems/" + source);
        item.put(DeliveryItem.SUBJECT, number);
        item.put(DeliveryItem.BODY, olderCard);
        item.put(DeliveryItem.VERSION, "1"); // the card's first state in the hub
        deadLetters.park(item, target, target + "-card-sink", new IllegalStateException("an outage long gone"), 1, false);
        long id = deadLetters.waitingIds(target).stream().filter(l -> number.equals(deadLetters.find(l).orElseThrow().subject()))
                .findFirst().orElseThrow();
        assertThat(HubTestSupport.operator(http).postForEntity("/ops/api/dead-letters/" + id + "/replay", null, String.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
        return id;
    }

    private static boolean noted(DeadLetter letter) {
        return letter.history().findValuesAsText("errorType").contains(CurrentStates.SENT_CURRENT_STATE);
    }

    private String firstNameAtWallet(String number) {
        return wallet.findCustomerByExternalUserId(number).map(customer -> customer.firstName()).orElse("");
    }

    private Optional<BigDecimal> amountAtEcom(String number) {
        return ecom.findByCode(number).map(card -> card.accumulatedAmount());
    }

    /** A card made in ecom, as its shop does (bulk-create), which ecom's poll brings to the hub: its id at ecom. */
    private long createdAtEcom(String number, String firstName) throws Exception {
        ResponseEntity<String> created = http.postForEntity("/sandbox/ecom/external/discount-card/bulk-create/", new HttpEntity<>("""
                [{"code": "%s", "barcode": "B%s", "active": true, "first_name": "%s"}]""".formatted(number, number, firstName),
                jsonHeaders()), String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return json.readTree(created.getBody()).get(0).path("id").asLong();
    }

    /** The holder renamed in ecom (its single PUT, which keeps the fields it is not given). */
    private void renamedAtEcom(long id, String number, String firstName) {
        ResponseEntity<String> updated = http.exchange("/sandbox/ecom/external/discount-card/" + id + "/", HttpMethod.PUT, new HttpEntity<>("""
                {"code": "%s", "barcode": "B%s", "first_name": "%s"}""".formatted(number, number, firstName), jsonHeaders()), String.class);
        assertThat(updated.getStatusCode().value()).as(updated.getBody()).isEqualTo(200);
    }

    /** A sale at a register, through the SPI: the card's accumulated amount grows by its total. */
    private void sale(String number, String total, String reference) {
        HttpHeaders headers = jsonHeaders();
        headers.setBearerAuth(HubTestSupport.SPI_KEY);
        headers.set("Register-ID", "till-1");
        headers.set("Request-ID", reference);
        ResponseEntity<String> sale = http.exchange("/spi/discount-cards/transactions", HttpMethod.POST, new HttpEntity<>("""
                {"card_number": "%s", "date": 1704067200, "discount_amount": "0.00", "total_amount": "%s", "transaction_type": "sale",
                 "transaction_reference": "%s"}""".formatted(number, total, reference), headers), String.class);
        assertThat(sale.getStatusCode().value()).as(sale.getBody()).isEqualTo(201);
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private static String card(String number, String firstName, String accumulated) {
        return """
                {"number": "%s", "barcode": "B%s", "active": true, "holder": {"firstName": "%s", "email": "%s@example.org"},
                 "accumulated": {"amount": "%s", "currency": "MDL"}}"""
                .formatted(number, number, firstName, number, accumulated);
    }
}
