package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubSandboxCalls;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One card, two writers (#19): ecom's own checkout adds small amounts to the document's card (through the sandbox's
 * HTTP API) while registers post sales through the SPI, with ecom's poll and the hub's write-back running. At the end
 * ecom, the hub and the SPI lookup agree to the cent on the start plus both sums, less exactly what the ecom sandbox
 * saw a write overwrite inside its read-to-write window (ecom has no conditional write: docs/field-ownership.md). Only
 * where a poll had listed an overwritten accrual before the write landed may the hub have counted it: then the figure
 * may be higher by that much, never more. The SPI shows the amount through its discount tier: the program's tiers here
 * start at every figure the card can end at and one cent above each, so the percentage names the figure to the cent.
 */
@HubIntegrationTest
@Import(HubSandboxCalls.Wiring.class)
class CounterMergeIntegrationTests {

    static final String CARD = "1234567890123";
    static final long ECOM_ID = 1;
    static final int ACCRUALS = 60;
    static final String ACCRUAL = "0.37";
    static final int SALES = 60;
    static final String SALE = "1.23";
    /** 5166.00 (the document's card) + 60 × 0.37 + 60 × 1.23. */
    static final String EXPECTED = "5262.00";
    /** The SPI tells figures apart down to the expected sum less this many accruals. */
    static final int LADDER = 45;

    /**
     * The program's discount tiers, lowest first: 0 % from 0.00, then for k = LADDER … 0 a tier from the expected sum
     * less k accruals and one from a cent above it, each with a percentage of its own (1, 2, 3, …).
     */
    static List<BigDecimal> tierStarts() {
        List<BigDecimal> starts = new ArrayList<>();
        starts.add(new BigDecimal("0.00"));
        for (int k = LADDER; k >= 0; k--) {
            BigDecimal figure = new BigDecimal(EXPECTED).subtract(new BigDecimal(ACCRUAL).multiply(BigDecimal.valueOf(k)));
            starts.add(figure);
            starts.add(figure.add(new BigDecimal("0.01")));
        }
        return starts;
    }

    @DynamicPropertySource
    static void tiersThatNameEachFigure(DynamicPropertyRegistry registry) {
        List<BigDecimal> starts = tierStarts();
        for (int i = 0; i < starts.size(); i++) {
            String from = starts.get(i).toPlainString();
            int percentage = i;
            registry.add("hub.programs.standard.discount-tiers[" + i + "].from", () -> from);
            registry.add("hub.programs.standard.discount-tiers[" + i + "].percentage", () -> percentage);
        }
    }

    /** The percentage the tiers give an amount. */
    static int percentageOf(BigDecimal amount) {
        List<BigDecimal> starts = tierStarts();
        int tier = 0;
        for (int i = 0; i < starts.size(); i++) {
            if (starts.get(i).compareTo(amount) <= 0) {
                tier = i;
            }
        }
        return tier;
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    CanonicalStore store;
    @Autowired
    ObjectMapper json;
    @Autowired
    SandboxFaults faults;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    HubSandboxCalls calls;

    @Test
    void ecomAndPointOfSaleChangingOneCardTogetherEndWithTheSumOfBoth() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("card", CARD).isPresent());
        assertThat(amountAtHub()).isEqualByComparingTo("5166.00");
        EcomCardStore.Accruals before = ecom.accruals(); // the sandbox is shared by this class's tests

        CompletableFuture<Void> checkout = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < ACCRUALS; i++) {
                ResponseEntity<String> accrued = http.postForEntity("/sandbox/ecom/_accrue/" + ECOM_ID,
                        new HttpEntity<>("{\"amount\":\"" + ACCRUAL + "\"}", jsonHeaders()), String.class);
                assertThat(accrued.getStatusCode().value()).as(accrued.getBody()).isEqualTo(200);
            }
        });
        CompletableFuture<Void> registers = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < SALES; i++) {
                HttpHeaders headers = jsonHeaders();
                headers.setBearerAuth(HubTestSupport.SPI_KEY);
                headers.set("Register-ID", "till-" + (i % 3));
                headers.set("Request-ID", "counter-merge-" + i);
                ResponseEntity<String> sale = http.exchange("/spi/discount-cards/transactions", HttpMethod.POST, new HttpEntity<>("""
                        {"card_number":"%s","date":1704067200,"discount_amount":"0.00","total_amount":"%s","transaction_type":"sale",
                         "transaction_reference":"receipt-%d"}""".formatted(CARD, SALE, i), headers), String.class);
                assertThat(sale.getStatusCode().value()).as(sale.getBody()).isEqualTo(201);
            }
        });
        CompletableFuture.allOf(checkout, registers).get();

        // settled: ecom and the hub agree, and nothing has moved for a second (two polls)
        String last = settled(Duration.ofSeconds(60), () -> "ecom " + ecom.find(ECOM_ID).orElseThrow().accumulatedAmount() + ", hub " + amountAtHub()
                + ", " + ecom.accruals(), () -> amountAtHub().compareTo(ecom.find(ECOM_ID).orElseThrow().accumulatedAmount()) == 0);
        EcomCardStore.Accruals accruals = ecom.accruals().since(before);
        BigDecimal atEcom = ecom.find(ECOM_ID).orElseThrow().accumulatedAmount();
        BigDecimal lost = new BigDecimal(EXPECTED).subtract(atEcom);
        System.out.printf("counter merge: %d accruals of %s and %d sales of %s; expected %s; ecom %s, hub %s, short %s; "
                + "overwritten in a read-to-write window: %s in %d write(s), of which listed by a poll first: %s%n", accruals.count(), ACCRUAL,
                SALES, SALE, EXPECTED, atEcom, amountAtHub(), lost, accruals.overwrittenAmount(), accruals.overwritten(), accruals.listedAmount());
        assertThat(accruals.count()).isEqualTo(ACCRUALS);
        assertThat(amountAtHub()).as("the hub").isEqualByComparingTo(atEcom);
        if (accruals.listed() == 0) {
            // the exact sum less exactly what a window overwrote; with no window, the exact sum to the cent
            assertThat(atEcom).as(last).isEqualByComparingTo(new BigDecimal(EXPECTED).subtract(accruals.overwrittenAmount()));
        } else {
            // a poll listed some of it before the write landed: the hub may have counted that part
            assertThat(atEcom).as(last).isBetween(new BigDecimal(EXPECTED).subtract(accruals.overwrittenAmount()),
                    new BigDecimal(EXPECTED).subtract(accruals.overwrittenAmount()).add(accruals.listedAmount()));
        }
        // the SPI lookup shows the same figure to the cent: its tier starts at it, and the next one a cent above
        assertThat(tierStarts()).as("a figure the tiers name").anySatisfy(start -> assertThat(start).isEqualByComparingTo(atEcom));
        JsonNode lookup = lookup();
        assertThat(lookup.path("discount_percentage").asInt()).as(lookup.toString()).isEqualTo(percentageOf(atEcom));
    }

    @Test
    void aCounterTheHubCorrectedIsCountedAndListedForOperatorsWithTheCardMasked() throws Exception {
        ResponseEntity<String> created = http.postForEntity("/sandbox/ecom/external/discount-card/bulk-create/", new HttpEntity<>("""
                [{"code":"7300000000042","barcode":"B-7300000000042","accumulated_amount":"10.00","first_name":"Ana"}]""",
                jsonHeaders()), String.class);
        long id = json.readTree(created.getBody()).get(0).path("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("card", "7300000000042").isPresent());
        // writes to ecom fail for now: the hub's sum stays ahead of ecom's
        faults.set("ecom", new SandboxFault(503, 1.0, 0L, false, null, null, null, "/external/discount-card/bulk-update/", null));
        try {
            HttpHeaders headers = jsonHeaders();
            headers.setBearerAuth(HubTestSupport.SPI_KEY);
            ResponseEntity<String> sale = http.exchange("/spi/discount-cards/transactions", HttpMethod.POST, new HttpEntity<>("""
                    {"card_number":"7300000000042","date":1704067200,"discount_amount":"0.00","total_amount":"5.00",
                     "transaction_type":"sale","transaction_reference":"conflict-1"}""", headers), String.class);
            assertThat(sale.getStatusCode().value()).as(sale.getBody()).isEqualTo(201);
            http.postForEntity("/sandbox/ecom/_accrue/" + id, new HttpEntity<>("{\"amount\":\"1.00\"}", jsonHeaders()), String.class);

            // ecom shows 11.00; the hub adds its 1.00 to 15.00: 16.00, not ecom's figure
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(store.find("card", "7300000000042").orElseThrow().path("accumulated").path("amount").asText()).isEqualTo("16.00"));
        } finally {
            faults.clearAll();
        }
        ResponseEntity<String> listed = HubTestSupport.operator(http).getForEntity("/ops/api/field-conflicts?system=ecom&kind=counter-merged",
                String.class);
        assertThat(listed.getStatusCode().value()).isEqualTo(200);
        assertThat(listed.getBody()).doesNotContain("7300000000042");
        assertThat(json.readTree(listed.getBody())).anySatisfy(conflict -> {
            assertThat(conflict.path("entityKey").asText()).isEqualTo("****0042");
            assertThat(conflict.path("field").asText()).isEqualTo("accumulated.amount");
            assertThat(conflict.path("offered").asText()).isEqualTo("11.00");
            assertThat(conflict.path("kept").asText()).isEqualTo("16.00");
        });
        assertThat(meters.counter("hub.field.conflicts", "system", "ecom", "entity", "card", "field", "accumulated.amount",
                "kind", "counter-merged").count()).isPositive();
        assertThat(http.getForEntity("/ops/api/field-conflicts", String.class).getStatusCode().value()).as("operators only").isEqualTo(401);
        ResponseEntity<String> wrongKind = HubTestSupport.operator(http).getForEntity("/ops/api/field-conflicts?kind=whatever", String.class);
        assertThat(wrongKind.getStatusCode().value()).isEqualTo(400);
        assertThat(wrongKind.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        // and ecom gets the merged figure once it takes writes again
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ecom.find(id).orElseThrow().accumulatedAmount()).isEqualByComparingTo("16.00"));
    }

    @Test
    void aPollThatSeesTheHubsWriteLandBeforeItsAnswerCountsNothingAgain() throws Exception {
        String number = "7300000000059";
        ResponseEntity<String> created = http.postForEntity("/sandbox/ecom/external/discount-card/bulk-create/", new HttpEntity<>("""
                [{"code":"%s","barcode":"B-%s","accumulated_amount":"10.00","first_name":"Ida"}]""".formatted(number, number),
                jsonHeaders()), String.class);
        long id = json.readTree(created.getBody()).get(0).path("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("card", number).isPresent());
        // ecom applies each bulk update at once, but its answer trickles in over 5 s: polls read the written figure first
        faults.set("ecom", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.SLOW_DRIP, null,
                "/external/discount-card/bulk-update/", 5000L));
        try {
            HttpHeaders headers = jsonHeaders();
            headers.setBearerAuth(HubTestSupport.SPI_KEY);
            ResponseEntity<String> sale = http.exchange("/spi/discount-cards/transactions", HttpMethod.POST, new HttpEntity<>("""
                    {"card_number":"%s","date":1704067200,"discount_amount":"0.00","total_amount":"5.00",
                     "transaction_type":"sale","transaction_reference":"landing-1"}""".formatted(number), headers), String.class);
            assertThat(sale.getStatusCode().value()).as(sale.getBody()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> ecom.find(id).orElseThrow().accumulatedAmount().compareTo(new BigDecimal("15.00")) == 0);
            long reads = calls.count("ecom", "GET", "/external/discount-card/");
            await().atMost(Duration.ofSeconds(3)).until(() -> calls.count("ecom", "GET", "/external/discount-card/") >= reads + 2);
        } finally {
            faults.clearAll();
        }

        // the write's answer is in: the sale is counted once, at ecom and at the hub
        String last = settled(Duration.ofSeconds(30), () -> "ecom " + ecom.find(id).orElseThrow().accumulatedAmount() + ", hub "
                + amountAtHub(number), () -> true);
        assertThat(amountAtHub(number)).as(last).isEqualByComparingTo("15.00");
        assertThat(ecom.find(id).orElseThrow().accumulatedAmount()).as(last).isEqualByComparingTo("15.00");
    }

    /**
     * A card another system brought in is created at ecom by the hub; a sale comes in while the create's answer is
     * still on its way, and polls list the new card meanwhile. The poll's figure is the create landed (what the hub
     * sent), not ecom taking the sale back: the card ends with the sale counted once.
     */
    @Test
    void aSaleWhileTheCardsCreateIsUnansweredIsNotTakenBackByAPoll() throws Exception {
        String number = "7300000000066";
        // ecom applies the bulk create at once, but its answer trickles in over 5 s: polls list the new card first
        faults.set("ecom", new SandboxFault(null, 1.0, 0L, null, null, SandboxFault.Mode.SLOW_DRIP, null,
                "/external/discount-card/bulk-create/", 5000L));
        try {
            store.accept("crm", "card", json.readTree("""
                    {"number":"%s","barcode":"B-%s","holder":{"firstName":"Eva"},"accumulated":{"amount":"10.00","currency":"MDL"}}
                    """.formatted(number, number)));
            await().atMost(Duration.ofSeconds(20)).until(() -> ecom.findByCode(number).isPresent());
            HttpHeaders headers = jsonHeaders();
            headers.setBearerAuth(HubTestSupport.SPI_KEY);
            ResponseEntity<String> sale = http.exchange("/spi/discount-cards/transactions", HttpMethod.POST, new HttpEntity<>("""
                    {"card_number":"%s","date":1704067200,"discount_amount":"0.00","total_amount":"5.00",
                     "transaction_type":"sale","transaction_reference":"creating-1"}""".formatted(number), headers), String.class);
            assertThat(sale.getStatusCode().value()).as(sale.getBody()).isEqualTo(201);
            long lists = calls.count("ecom", "GET", "/external/discount-card/");
            await().atMost(Duration.ofSeconds(3)).until(() -> calls.count("ecom", "GET", "/external/discount-card/") >= lists + 2);
        } finally {
            faults.clearAll();
        }

        // settled: ecom and the hub agree, and nothing has moved for a second (two polls)
        String last = settled(Duration.ofSeconds(30), () -> "ecom " + ecom.findByCode(number).orElseThrow().accumulatedAmount() + ", hub "
                + amountAtHub(number), () -> ecom.findByCode(number).orElseThrow().accumulatedAmount().compareTo(amountAtHub(number)) == 0);
        assertThat(amountAtHub(number)).as(last).isEqualByComparingTo("15.00");
        assertThat(ecom.findByCode(number).orElseThrow().accumulatedAmount()).as(last).isEqualByComparingTo("15.00");
        assertThat(ecom.findAllByCode(number)).as("created once").hasSize(1);
    }

    private BigDecimal amountAtHub() {
        return amountAtHub(CARD);
    }

    private BigDecimal amountAtHub(String number) {
        return new BigDecimal(store.find("card", number).orElseThrow().path("accumulated").path("amount").asText());
    }

    private JsonNode lookup() throws Exception {
        HttpHeaders headers = jsonHeaders();
        headers.setBearerAuth(HubTestSupport.SPI_KEY);
        ResponseEntity<String> answer = http.exchange("/spi/discount-cards/lookup", HttpMethod.POST,
                new HttpEntity<>("{\"card_number\":\"" + CARD + "\"}", headers), String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return json.readTree(answer.getBody());
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    /**
     * Waits until the state, read once a second, is the same two reads running (nothing moved for a second: two polls)
     * and {@code agree} holds; returns the last reading, for the assertions' messages.
     */
    private static String settled(Duration atMost, java.util.function.Supplier<String> state, java.util.function.BooleanSupplier agree) {
        AtomicReference<String> last = new AtomicReference<>("");
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String now = state.get();
            boolean settled = now.equals(last.get()) && agree.getAsBoolean();
            last.set(now);
            return settled;
        });
        return last.get();
    }
}
