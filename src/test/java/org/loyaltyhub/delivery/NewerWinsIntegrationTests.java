package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

/**
 * Newer wins: a dead letter replayed after its card changed (single calls at the wallet, a bulk at ecom) sends
 * the card's current state, never the letter's older one, and the letter's history says so.
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
        String older = card(number, "Olga");
        store.accept("crm", "card", json.readTree(older));
        await().atMost(Duration.ofSeconds(30)).until(() -> firstNameAtWallet(number).equals("Olga"));
        store.accept("crm", "card", json.readTree(card(number, "Oksana")));
        await().atMost(Duration.ofSeconds(30)).until(() -> firstNameAtWallet(number).equals("Oksana"));

        long letter = parkAndReplay("wallet", number, older);
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(deadLetters.find(letter).orElseThrow().status()));
        assertThat(firstNameAtWallet(number)).as("the current state, not the letter's").isEqualTo("Oksana");
        assertThat(noted(deadLetters.find(letter).orElseThrow())).isTrue();
    }

    @Test
    void aReplayedOlderCardLeavesEcomAtItsCurrentState() throws Exception {
        String number = "7940000000023";
        String older = card(number, "Petra");
        store.accept("crm", "card", json.readTree(older));
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode(number).map(c -> "Petra".equals(c.firstName())).orElse(false));
        store.accept("crm", "card", json.readTree(card(number, "Paula")));
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode(number).map(c -> "Paula".equals(c.firstName())).orElse(false));

        long letter = parkAndReplay("ecom", number, older);
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(deadLetters.find(letter).orElseThrow().status()));
        assertThat(ecom.findByCode(number).orElseThrow().firstName()).isEqualTo("Paula");
        assertThat(ecom.findAllByCode(number)).hasSize(1);
        assertThat(noted(deadLetters.find(letter).orElseThrow())).isTrue();
    }

    /** A dead letter holding the card's older event, as a failed delivery would have left it, replayed by an operator. */
    private long parkAndReplay(String target, String number, String olderCard) {
        Map<String, String> item = new HashMap<>();
        item.put(DeliveryItem.EVENT_ID, UUID.randomUUID().toString());
        item.put(DeliveryItem.TYPE, "org.loyaltyhub.card.upserted");
        item.put(DeliveryItem.SOURCE, "/systems/crm");
        item.put(DeliveryItem.SUBJECT, number);
        item.put(DeliveryItem.BODY, olderCard);
        item.put(DeliveryItem.VERSION, "1"); // the card's first state in the hub
        deadLetters.park(item, target, target + "-card-sink", new IllegalStateException("an outage long gone"), 1, false);
        long id = deadLetters.waitingIds(target).stream().filter(l -> deadLetters.find(l).orElseThrow().subject().equals(number))
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

    private static String card(String number, String firstName) {
        return """
                {"number": "%s", "barcode": "B%s", "active": true, "holder": {"firstName": "%s", "email": "%s@example.org"}}"""
                .formatted(number, number, firstName, number);
    }
}
