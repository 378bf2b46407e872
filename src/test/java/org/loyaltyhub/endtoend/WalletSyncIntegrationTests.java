package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.wallet.WalletCard;
import org.loyaltyhub.sandbox.wallet.WalletCustomer;
import org.loyaltyhub.sandbox.wallet.WalletOperation;
import org.loyaltyhub.sandbox.wallet.WalletStore;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubSandboxCalls;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The wallet end to end: cards the hub holds become wallet customers and cards (sandbox over HTTP), and a sale
 * at the point of sale reaches each kind of wallet card as the operation mappings/wallet/transaction.operations.yaml
 * says, through Kafka and the one error policy.
 */
@HubIntegrationTest
@Import(HubSandboxCalls.Wiring.class)
@TestPropertySource(properties = {
        // one card program per wallet card type, each issued from the sandbox's template of that type
        "hub.programs.stamps.currency=MDL", "hub.programs.stamps.limit-type=unlimited",
        "hub.programs.cashback.currency=MDL", "hub.programs.cashback.limit-type=unlimited",
        "hub.programs.pass.currency=MDL", "hub.programs.pass.limit-type=unlimited",
        "hub.programs.coupon.currency=MDL", "hub.programs.coupon.limit-type=unlimited",
        "hub.programs.discount.currency=MDL", "hub.programs.discount.limit-type=unlimited",
        "hub.programs.gift.currency=MDL", "hub.programs.gift.limit-type=unlimited",
        "hub.programs.member.currency=MDL", "hub.programs.member.limit-type=unlimited",
        "hub.systems.wallet.programs.stamps.template-id=101", "hub.systems.wallet.programs.stamps.card-type=stamp",
        "hub.systems.wallet.programs.stamps.mechanics=visit",
        "hub.systems.wallet.programs.cashback.template-id=111", "hub.systems.wallet.programs.cashback.card-type=cashback",
        "hub.systems.wallet.programs.pass.template-id=121", "hub.systems.wallet.programs.pass.card-type=multipass",
        "hub.systems.wallet.programs.coupon.template-id=131", "hub.systems.wallet.programs.coupon.card-type=coupon",
        "hub.systems.wallet.programs.discount.template-id=141", "hub.systems.wallet.programs.discount.card-type=discount",
        "hub.systems.wallet.programs.gift.template-id=151", "hub.systems.wallet.programs.gift.card-type=gift",
        "hub.systems.wallet.programs.member.template-id=161", "hub.systems.wallet.programs.member.card-type=membership",
        "hub.systems.wallet.programs.member.limits=false"})
class WalletSyncIntegrationTests {

    private static final String TRANSACTIONS = "/spi/discount-cards/transactions";

    @Autowired
    TestRestTemplate http;
    @Autowired
    WalletStore wallet;
    @Autowired
    CanonicalStore store;
    @Autowired
    SandboxFaults faults;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    ObjectMapper json;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    HubSandboxCalls calls;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void aSaleReachesEachKindOfWalletCardAsItsOperation() throws Exception {
        // program -> the operation its sale of 123.45 (discount 6.17) becomes, and what it moves
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("stamps", List.of("ADD_STAMP", "1"));
        expected.put("cashback", List.of("ADD_TRANSACTION_AMOUNT", "6"));       // 5 % of 123.45, whole units
        expected.put("pass", List.of("ADD_VISIT", "1"));
        expected.put("coupon", List.of("REDEEM_COUPON", ""));
        expected.put("discount", List.of("ADD_POINT", "123"));                  // a point per whole unit
        expected.put("gift", List.of("SUBTRACT_POINT", "6.17"));                // the gift card pays its discount
        expected.put("member", List.of("ADD_VISIT", "1"));
        expected.put("standard", List.of("ADD_SCORES", "123"));                 // reward card, points mechanics
        int n = 0;
        Map<String, String> cardOf = new LinkedHashMap<>();
        for (String program : expected.keySet()) {
            String number = "7900000000%03d".formatted(++n);
            cardOf.put(program, number);
            store.accept("crm", "card", json.readTree("""
                    {"number": "%s", "barcode": "B%s", "active": true, "program": "%s",
                     "holder": {"firstName": "Holder", "lastName": "%s", "email": "%s@example.org", "gender": "female"}}"""
                    .formatted(number, number, program, program, program)));
        }
        for (Map.Entry<String, String> card : cardOf.entrySet()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> walletCardOf(card.getValue()) != null);
        }
        // a gift card pays from what is on it
        WalletCard gift = walletCardOf(cardOf.get("gift"));
        addPoints(gift.id(), "100");

        for (String number : cardOf.values()) {
            sale(number, "sale-" + number);
        }

        for (Map.Entry<String, List<String>> program : expected.entrySet()) {
            String cardId = walletCardOf(cardOf.get(program.getKey())).id();
            await(program.getKey()).atMost(Duration.ofSeconds(30))
                    .until(() -> wallet.operations(cardId).stream().anyMatch(op -> op.comment() != null && op.comment().startsWith("Loyalty Hub")));
            List<WalletOperation> done = wallet.operations(cardId).stream()
                    .filter(op -> op.comment() != null && op.comment().startsWith("Loyalty Hub")).toList();
            assertThat(done).as(program.getKey()).hasSize(1);
            assertThat(done.get(0).kind().name()).as(program.getKey()).isEqualTo(program.getValue().get(0));
            if (!program.getValue().get(1).isEmpty()) {
                assertThat(done.get(0).amount()).as(program.getKey()).isEqualByComparingTo(program.getValue().get(1));
            }
        }
        assertThat(deadLetters.waitingIds("wallet")).map(id -> deadLetters.find(id).orElseThrow().subject())
                .doesNotContainAnyElementsOf(cardOf.values());
        // the customer carries the holder; each card was issued once, from its program's template
        WalletCustomer customer = wallet.findCustomerByExternalUserId(cardOf.get("cashback")).orElseThrow();
        assertThat(customer.surname()).isEqualTo("cashback");
        assertThat(wallet.cardsOf(customer.id())).hasSize(1).first().satisfies(card -> assertThat(card.templateId()).isEqualTo(111));
    }

    @Test
    void aReturnGivesBackItsShareAndARevertUndoesTheSaleOnce() throws Exception {
        String number = "7910000000001";
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "program": "cashback", "holder": {"firstName": "Ret"}}"""
                .formatted(number, number)));
        await().atMost(Duration.ofSeconds(30)).until(() -> walletCardOf(number) != null);
        String cardId = walletCardOf(number).id();

        String sale = sale(number, "r-sale-1");                 // 200.00 -> 10 cashback
        await().atMost(Duration.ofSeconds(30)).until(() -> hubOperations(cardId).size() == 1);
        transaction(number, "return", "80.00", "4.00", "r-return-1", sale);     // 80 of 200 back: 4 of 10
        await().atMost(Duration.ofSeconds(30)).until(() -> hubOperations(cardId).size() == 2);
        assertThat(hubOperations(cardId).get(1).kind().name()).isEqualTo("SUBTRACT_TRANSACTION_AMOUNT");
        assertThat(hubOperations(cardId).get(1).amount()).isEqualByComparingTo("4");

        String other = sale(number, "r-sale-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> hubOperations(cardId).size() == 3);
        HttpHeaders headers = spiHeaders();
        assertThat(http.postForEntity(TRANSACTIONS + "/" + other + "/revert", new HttpEntity<>("{\"card_number\": \"" + number + "\"}", headers),
                String.class).getStatusCode().value()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> hubOperations(cardId).size() == 4);
        assertThat(hubOperations(cardId).get(3).kind().name()).isEqualTo("SUBTRACT_TRANSACTION_AMOUNT");
        assertThat(hubOperations(cardId).get(3).amount()).isEqualByComparingTo("10");
        // the card's cashback is what the sales left after the return and the revert: 10 - 4 + 10 - 10
        assertThat(wallet.findCard(cardId).orElseThrow().counters().balance()).isEqualByComparingTo(new BigDecimal("6"));
    }

    /**
     * #19, 5: the wallet counts a sale by its own operations; the same sale must reach ecom's accumulated amount once,
     * whatever else carries it back to the hub: the wallet reporting the card with a figure of its own (it is no source
     * of the counter, fields.yaml), or the till sending the sale again.
     */
    @Test
    void aSaleCountedAtTheWalletIsCountedIntoEcomsAmountOnce() throws Exception {
        String number = "7930000000001";
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "program": "cashback",
                 "holder": {"firstName": "Holder", "lastName": "Twice", "email": "twice@example.org", "gender": "female"},
                 "accumulated": {"amount": "10.00", "currency": "MDL"}}""".formatted(number, number)));
        await().atMost(Duration.ofSeconds(30)).until(() -> walletCardOf(number) != null && ecom.findByCode(number).isPresent());
        String cardId = walletCardOf(number).id();

        String body = """
                {"card_number": "%s", "date": 1704067200, "discount_amount": "6.17", "total_amount": "123.45",
                 "transaction_type": "sale", "transaction_reference": "twice-1"}""".formatted(number);
        HttpHeaders headers = spiHeaders();
        headers.set("Request-ID", "twice-1");
        var first = http.postForEntity(TRANSACTIONS, new HttpEntity<>(body, headers), String.class);
        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(201);
        BigDecimal counted = amountAtHub(number);
        assertThat(counted).isGreaterThan(new BigDecimal("10.00"));
        await().atMost(Duration.ofSeconds(30)).until(() -> hubOperations(cardId).size() == 1
                && ecom.findByCode(number).orElseThrow().accumulatedAmount().compareTo(counted) == 0);

        // the wallet's view of the card comes back with its own figure (what its cashback balance holds)
        store.accept("wallet", "card", json.readTree("""
                {"number": "%s", "accumulated": {"amount": "%s", "currency": "MDL"}}""".formatted(number,
                counted.add(walletCardOf(number).counters().balance()).toPlainString())));
        // and the till, unsure of its answer, sends the same sale again
        var again = http.postForEntity(TRANSACTIONS, new HttpEntity<>(body, headers), String.class);
        assertThat(again.getStatusCode().is2xxSuccessful()).as(again.getBody()).isTrue();
        assertThat(json.readTree(again.getBody()).path("transaction_id").asText())
                .isEqualTo(json.readTree(first.getBody()).path("transaction_id").asText());

        // two polls of ecom later, nothing has moved: the sale is in ecom's figure once, and at the wallet once
        long lists = calls.count("ecom", "GET", "/external/discount-card/");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.count("ecom", "GET", "/external/discount-card/") >= lists + 2);
        assertThat(amountAtHub(number)).isEqualByComparingTo(counted);
        assertThat(ecom.findByCode(number).orElseThrow().accumulatedAmount()).isEqualByComparingTo(counted);
        assertThat(hubOperations(cardId)).hasSize(1);
        assertThat(meters.counter("hub.field.conflicts", "system", "wallet", "entity", "card", "field", "accumulated.amount",
                "kind", "not-a-counter-source").count()).isPositive();
    }

    @Test
    void aWalletOutageIsRetriedAndARefusalIsDeadLettered() throws Exception {
        String number = "7920000000001";
        faults.set("wallet", new SandboxFault(503, 1.0, 0L, false, null));
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "program": "stamps", "holder": {"firstName": "Out"}}"""
                .formatted(number, number)));
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("wallet") >= 3);
        assertThat(walletCardOf(number)).isNull();
        faults.clear("wallet");
        await().atMost(Duration.ofSeconds(30)).until(() -> walletCardOf(number) != null);

        faults.set("wallet", new SandboxFault(422, 1.0, 0L, false, null));
        sale(number, "refused-1");
        // the sale's transaction and the card's new accumulated amount, both refused
        await().atMost(Duration.ofSeconds(30)).until(() -> saleLetterOf(number) != null);
        var letter = saleLetterOf(number);
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.errorMessage()).contains("422");

        // the operation was refused, so nothing was applied: the replay sends it, once
        faults.clear("wallet");
        HubTestSupport.operator(http)
                .postForEntity("/ops/api/dead-letters/" + letter.id() + "/replay", null, String.class);
        String cardId = walletCardOf(number).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> hubOperations(cardId).size() == 1);
        assertThat(hubOperations(cardId).get(0).kind().name()).isEqualTo("ADD_STAMP");
    }

    private org.loyaltyhub.reliability.DeadLetter saleLetterOf(String number) {
        return deadLetters.waitingIds("wallet").stream().map(id -> deadLetters.find(id).orElseThrow())
                .filter(l -> number.equals(l.subject()) && "org.loyaltyhub.transaction.sale".equals(l.eventType())).findFirst().orElse(null);
    }

    private List<WalletOperation> hubOperations(String cardId) {
        return wallet.operations(cardId).stream().filter(op -> op.comment() != null && op.comment().startsWith("Loyalty Hub")).toList();
    }

    private BigDecimal amountAtHub(String number) {
        return new BigDecimal(store.find("card", number).orElseThrow().path("accumulated").path("amount").asText());
    }

    private WalletCard walletCardOf(String number) {
        return wallet.findCustomerByExternalUserId(number).flatMap(customer -> wallet.cardsOf(customer.id()).stream().findFirst())
                .orElse(null);
    }

    private String sale(String number, String reference) throws Exception {
        return transaction(number, "sale", number.startsWith("791") ? "200.00" : "123.45", "6.17", reference, null);
    }

    private String transaction(String number, String type, String total, String discount, String reference, String original)
            throws Exception {
        String body = """
                {"card_number": "%s", "date": 1704067200, "discount_amount": "%s", "total_amount": "%s",
                 "transaction_type": "%s", "transaction_reference": "%s"%s}""".formatted(number, discount, total, type, reference,
                original == null ? "" : ", \"refund_transaction_id\": \"" + original + "\"");
        var answer = http.postForEntity(TRANSACTIONS, new HttpEntity<>(body, spiHeaders()), String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(201);
        JsonNode transaction = json.readTree(answer.getBody());
        return transaction.path("transaction_id").asText();
    }

    private void addPoints(String cardId, String points) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-API-Key", "sandbox-wallet-key");
        assertThat(http.postForEntity("/sandbox/wallet/api/v2/cards/" + cardId + "/add-point",
                new HttpEntity<>("{\"points\": " + points + "}", headers), String.class).getStatusCode().is2xxSuccessful()).isTrue();
    }

    private static HttpHeaders spiHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(HubTestSupport.SPI_KEY);
        return headers;
    }
}
