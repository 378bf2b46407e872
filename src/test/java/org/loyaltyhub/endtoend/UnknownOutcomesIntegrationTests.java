package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.reliability.DeadLetter;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.sandbox.wallet.WalletStore;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.store.CrossReferences;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * Calls whose outcome the hub cannot know (the vendor applied the call, then the answer never came) are never
 * sent again blindly: where the vendor cannot be read (promo attach) the event is parked as a dead letter of
 * unknown outcome, replayed only by an operator who checked; where it can be read (the wallet's customers and
 * cards), the hub reads it first and acts on what it finds.
 */
@HubIntegrationTest
@org.springframework.context.annotation.Import(org.loyaltyhub.support.HubSandboxCalls.Wiring.class)
class UnknownOutcomesIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    PromoCodeBook promo;
    @Autowired
    SandboxFaults faults;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    WalletStore wallet;
    @Autowired
    CanonicalStore store;
    @Autowired
    CrossReferences crossReferences;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    org.loyaltyhub.support.HubSandboxCalls calls;

    @AfterEach
    void clearFaultsAndLetters() {
        faults.clearAll();
        // the context (and its database) is shared with other test classes, which count promo's letters
        deadLetters.waitingIds("promo").forEach(deadLetters::discard);
        deadLetters.waitingIds("wallet").forEach(deadLetters::discard);
    }

    @Test
    void aPromoAttachAppliedWithoutAnAnswerIsParkedAsOutcomeUnknownNotAttachedAgain() {
        poolOf(771, "UNKNOWN-A1", "UNKNOWN-A2");
        faults.set("promo", SandboxFault.of(SandboxFault.Mode.APPLIED_NO_ANSWER, "reset"));
        assertThat(assign(771, "p-1001").getStatusCode().value()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> letterOf("771") != null);
        DeadLetter letter = letterOf("771");
        assertThat(letter.outcomeUnknown()).isTrue();
        assertThat(letter.permanent()).isTrue();
        assertThat(letter.errorMessage()).contains("outcome", "unknown", "promo");
        assertThat(poolCodesOf("p-1001")).as("attached once, by the call that got no answer").containsExactly("UNKNOWN-A1");

        // replaying all waiting letters leaves one of unknown outcome alone: an operator replays it by its id
        faults.clear("promo");
        HubTestSupport.operator(http).postForEntity("/ops/api/dead-letters/replay?system=promo", null, String.class);
        assertThat(deadLetters.find(letter.id()).orElseThrow().status()).isEqualTo("waiting");
        assertThat(poolCodesOf("p-1001")).containsExactly("UNKNOWN-A1");
    }

    @Test
    void anOperatorWhoFoundTheAttachMissingReplaysItAndItIsSentOnce() {
        poolOf(772, "UNKNOWN-B1", "UNKNOWN-B2");
        faults.set("promo", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.APPLIED_NO_ANSWER, "reset", null, null));
        assign(772, "p-1002");
        await().atMost(Duration.ofSeconds(30)).until(() -> letterOf("772") != null);
        DeadLetter letter = letterOf("772");
        // the operator looked at promo, found the profile has it, and discards; here: takes the code back, then replays
        promo.add(new PromoCodeBook.PromoCode("UNKNOWN-B1", 772, false, Set.of()));
        faults.clear("promo");

        ResponseEntity<String> replay = HubTestSupport.operator(http).postForEntity("/ops/api/dead-letters/" + letter.id() + "/replay", null,
                String.class);
        assertThat(replay.getStatusCode().is2xxSuccessful()).as(replay.getBody()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(deadLetters.find(letter.id()).orElseThrow().status()));
        assertThat(poolCodesOf("p-1002")).containsExactly("UNKNOWN-B1");
    }

    @Test
    void aPromoAnswer500IsAnUnknownOutcomeButA503IsRetried() {
        poolOf(773, "UNKNOWN-C1", "UNKNOWN-C2");
        // 503: the vendor says it did not take the request, so it is sent again and attached once
        faults.set("promo", new SandboxFault(503, 1.0, 0L, false, null));
        assign(773, "abcdefghijklmnqrstuvwxyz");
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("promo") >= 2);
        faults.clear("promo");
        await().atMost(Duration.ofSeconds(30)).until(() -> poolCodesOf("abcdefghijklmnqrstuvwxyz").size() == 1);

        // 500: whatever the vendor did is unknown; nothing is sent again
        faults.set("promo", new SandboxFault(500, 1.0, 0L, false, null));
        long before = faults.failedCalls("promo");
        assign(773, "p-1001");
        await().atMost(Duration.ofSeconds(30)).until(() -> letterOf("773") != null);
        assertThat(faults.failedCalls("promo")).as("one call, not repeated").isEqualTo(before + 1);
        assertThat(letterOf("773").outcomeUnknown()).isTrue();
    }

    @Test
    void aWalletCustomerCreatedWithoutAnAnswerIsLookedUpNotCreatedTwice() throws Exception {
        String number = "7930000000011";
        faults.set("wallet", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.APPLIED_NO_ANSWER, "reset",
                "/api/v2/customers", null));
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "holder": {"firstName": "Ann", "email": "ann.unknown@example.org"}}"""
                .formatted(number, number)));
        // the create took effect and its answer was lost; meanwhile the lookups by email fail alike until the fault goes
        await().atMost(Duration.ofSeconds(30)).until(() -> wallet.findCustomerByExternalUserId(number).isPresent());
        faults.clear("wallet");

        await().atMost(Duration.ofSeconds(30)).until(() -> wallet.findCustomerByExternalUserId(number)
                .map(customer -> wallet.cardsOf(customer.id()).size() == 1).orElse(false));
        assertThat(wallet.customers("ann.unknown@example.org", null)).as("one customer, found rather than made again").hasSize(1);
        assertThat(deadLetters.waitingIds("wallet")).isEmpty();
    }

    @Test
    void aWalletCardIssuedWithoutAnAnswerIsLookedUpNotIssuedTwice() throws Exception {
        String number = "7930000000029";
        faults.set("wallet", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.APPLIED_NO_ANSWER, "reset",
                "/api/v2/cards", null));
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "holder": {"firstName": "Ben", "phone": "+37369000029"}}"""
                .formatted(number, number)));
        await().atMost(Duration.ofSeconds(30)).until(() -> wallet.findCustomerByExternalUserId(number)
                .map(customer -> !wallet.cardsOf(customer.id()).isEmpty()).orElse(false));
        faults.clear("wallet");

        // the card's delivery settles: the customer's cards of the template are read, the card is found and kept
        await().atMost(Duration.ofSeconds(60)).until(() -> walletRefOf(number) != null);
        String customer = wallet.findCustomerByExternalUserId(number).orElseThrow().id();
        assertThat(wallet.cardsOf(customer)).as("issued once").hasSize(1);
        assertThat(walletRefOf(number)).isEqualTo(wallet.cardsOf(customer).get(0).id());
        assertThat(deadLetters.waitingIds("wallet")).isEmpty();
    }

    @Test
    void aWalletLookupAnsweredWithNonsenseIsAskedAgainNotParked() throws Exception {
        String number = "7930000000045";
        faults.set("wallet", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.APPLIED_NO_ANSWER, "reset",
                "/api/v2/customers", null));
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "holder": {"firstName": "Dan", "email": "dan.nonsense@example.org"}}"""
                .formatted(number, number)));
        await().atMost(Duration.ofSeconds(30)).until(() -> wallet.findCustomerByExternalUserId(number).isPresent());
        // the lookups that follow are answered 200 {} (a proxy's answer, not the customer list)
        long failedBefore = faults.failedCalls("wallet");
        faults.set("wallet", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.NONSENSE, "empty-object",
                "/api/v2/customers", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("wallet") >= failedBefore + 3
                || !deadLetters.waitingIds("wallet").isEmpty());
        assertThat(deadLetters.waitingIds("wallet")).as("a lookup is a read: asked again, not parked").isEmpty();
        faults.clear("wallet");

        await().atMost(Duration.ofSeconds(30)).until(() -> wallet.findCustomerByExternalUserId(number)
                .map(customer -> wallet.cardsOf(customer.id()).size() == 1).orElse(false));
        assertThat(wallet.customers("dan.nonsense@example.org", null)).as("one customer, found rather than made again").hasSize(1);
        assertThat(deadLetters.waitingIds("wallet")).isEmpty();
    }

    @Test
    void aMultiCallDeliveryRetriesOnlyTheCallThatFailed() throws Exception {
        // Camel's routing slip redelivers the step that failed, not the steps before it
        String number = "7930000000037";
        // the card's issue is refused as unavailable (nothing taken) a few times; the customer before it went through
        faults.set("wallet", new SandboxFault(503, 1.0, 0L, false, null, null, null, "/api/v2/cards", null));
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "holder": {"firstName": "Cid", "email": "cid@example.org"}}"""
                .formatted(number, number)));
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("wallet") >= 3);
        faults.clear("wallet");

        await().atMost(Duration.ofSeconds(30)).until(() -> walletRefOf(number) != null);
        var customer = wallet.findCustomerByExternalUserId(number).orElseThrow();
        assertThat(customer.updatedAt()).as("created once, never patched again by the retries of the card's call").isNull();
        assertThat(wallet.cardsOf(customer.id())).hasSize(1);
    }

    /**
     * A card operation the wallet applied but never answered is read back from its operation history (GET
     * /api/v2/operations by card, the hub's comment naming the transaction) page by page: found, it is recorded as
     * applied, neither parked nor sent again.
     */
    @Test
    void aWalletOperationAppliedWithoutAnAnswerIsReadBackNotParkedNorSentTwice() throws Exception {
        String number = "7930000000044";
        String cardId = walletCardFor(number, "Eli");
        // the card's history fills more than one page (30 to a page): the hub's operation is on the second
        for (int i = 0; i < 31; i++) {
            walletApi("/cards/" + cardId + "/add-scores", "{\"scores\": 1, \"comment\": \"till visit " + i + "\"}");
        }
        faults.set("wallet", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.APPLIED_NO_ANSWER, "reset",
                "/api/v2/cards/" + cardId + "/", null));
        long failed = faults.failedCalls("wallet");
        sale(number, "readback-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("wallet") > failed);
        faults.clear("wallet");

        await().atMost(Duration.ofSeconds(30)).until(() -> calls("GET", "/api/v2/operations") > 0
                && appliedStatus(number, "readback-1").equals("applied"));
        assertThat(hubOperations(cardId)).as("applied once, by the call that got no answer").hasSize(1);
        assertThat(deadLetters.waitingIds("wallet")).isEmpty();
    }

    /**
     * The wallet applies an operation only after the hub gave up waiting for it (10.5 s, past the 10-s read timeout),
     * and the connection is cut: a read-back right after the timeout would not find it and send it again. The hub
     * looks only once the call's connect and read timeouts have passed since it left, and finds it.
     */
    @Test
    void aWalletOperationAppliedAfterTheHubGaveUpIsReadBackNotSentTwice() throws Exception {
        String number = "7930000000069";
        String cardId = walletCardFor(number, "Gus");
        String operations = "/api/v2/cards/" + cardId + "/";
        faults.set("wallet", new SandboxFault(null, 1.0, 10_500L, null, null, SandboxFault.Mode.APPLIED_NO_ANSWER, "reset",
                operations, null));
        // a second send would go through at once: it is counted, and would be applied
        calls.changeFaultAt("wallet", "POST", operations, 2, null);
        long failed = faults.failedCalls("wallet");
        sale(number, "readback-late-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("wallet") > failed);

        await().atMost(Duration.ofSeconds(40)).until(() -> appliedStatus(number, "readback-late-1").equals("applied"));
        faults.clear("wallet");
        assertThat(calls("POST", operations)).as("the operation sent once").isEqualTo(1);
        assertThat(hubOperations(cardId)).as("applied once, late, by the call that got no answer").hasSize(1);
        assertThat(deadLetters.waitingIds("wallet")).isEmpty();
    }

    /** An operation of unknown outcome the wallet never applied (a 504) is not in its history: it is sent, once. */
    @Test
    void aWalletOperationNotInTheHistoryIsSentOnce() throws Exception {
        String number = "7930000000051";
        String cardId = walletCardFor(number, "Fay");
        faults.set("wallet", new SandboxFault(504, 1.0, 0L, false, null, null, null, "/api/v2/cards/" + cardId + "/", null));
        long failed = faults.failedCalls("wallet");
        sale(number, "readback-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failedCalls("wallet") > failed);
        faults.clear("wallet");

        await().atMost(Duration.ofSeconds(30)).until(() -> hubOperations(cardId).size() == 1
                && appliedStatus(number, "readback-2").equals("applied"));
        assertThat(hubOperations(cardId)).hasSize(1);
        assertThat(deadLetters.waitingIds("wallet")).isEmpty();
    }

    private String walletCardFor(String number, String name) throws Exception {
        store.accept("crm", "card", json.readTree("""
                {"number": "%s", "barcode": "B%s", "active": true, "holder": {"firstName": "%s", "email": "%s@example.org"}}"""
                .formatted(number, number, name, name.toLowerCase(java.util.Locale.ROOT))));
        await().atMost(Duration.ofSeconds(30)).until(() -> walletRefOf(number) != null);
        return walletRefOf(number);
    }

    private void sale(String number, String reference) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        headers.setBearerAuth(HubTestSupport.SPI_KEY);
        ResponseEntity<String> sale = http.postForEntity("/spi/discount-cards/transactions", new org.springframework.http.HttpEntity<>("""
                {"card_number": "%s", "date": 1704067200, "discount_amount": "0.00", "total_amount": "12.00",
                 "transaction_type": "sale", "transaction_reference": "%s"}""".formatted(number, reference), headers), String.class);
        assertThat(sale.getStatusCode().value()).as(sale.getBody()).isEqualTo(201);
    }

    private void walletApi(String path, String body) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        headers.set("X-API-Key", org.loyaltyhub.sandbox.SandboxProperties.Wallet.DEFAULT_API_KEY);
        assertThat(http.postForEntity("/sandbox/wallet/api/v2" + path, new org.springframework.http.HttpEntity<>(body, headers), String.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
    }

    private List<org.loyaltyhub.sandbox.wallet.WalletOperation> hubOperations(String cardId) {
        return wallet.operations(cardId).stream().filter(op -> op.comment() != null && op.comment().startsWith("Loyalty Hub")).toList();
    }

    /** The ledger's status of the wallet operation of the card's transaction with this reference ("" for none). */
    private String appliedStatus(String number, String reference) {
        return jdbc.queryForList("""
                SELECT o.status FROM applied_operation o JOIN spi_transaction t ON t.id = o.transaction_id
                WHERE o.system = 'wallet' AND t.card_number = ? AND t.reference = ?""", String.class, number, reference)
                .stream().findFirst().orElse("");
    }

    private long calls(String method, String path) {
        return calls.count("wallet", method, path);
    }

    private String walletRefOf(String number) {
        return crossReferences.withRef(json.createObjectNode().put("number", number), "card", "wallet").path("refs").path("wallet")
                .asText(null);
    }

    private void poolOf(long loyaltyId, String... codes) {
        for (String code : codes) {
            promo.add(new PromoCodeBook.PromoCode(code, loyaltyId, false, Set.of()));
        }
    }

    private List<String> poolCodesOf(String profileId) {
        return promo.codesOf(profileId).stream().filter(code -> code.startsWith("UNKNOWN-")).toList();
    }

    private DeadLetter letterOf(String loyaltyId) {
        return deadLetters.waitingIds("promo").stream().map(id -> deadLetters.find(id).orElseThrow())
                .filter(letter -> letter.payload().contains("\"loyaltyProgramId\":\"" + loyaltyId + "\"")
                        || letter.payload().contains("\"loyaltyProgramId\": \"" + loyaltyId + "\""))
                .findFirst().orElse(null);
    }

    private ResponseEntity<String> assign(long loyaltyId, String profileId) {
        return HubTestSupport.assignPromo(http, loyaltyId, profileId);
    }
}
