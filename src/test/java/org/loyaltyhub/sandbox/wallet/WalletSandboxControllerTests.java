package org.loyaltyhub.sandbox.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.SandboxProperties;
import org.loyaltyhub.support.ContractExamples;
import org.loyaltyhub.support.VendorContractFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The wallet sandbox over HTTP, one nested class per tag of the contract it serves
 * ({@code src/test/resources/contracts/wallet.openapi.yaml}: Customers, Cards, Card operations, Operations,
 * Templates) and for what every call shares (the key, paging, the envelope and errors). The contract's examples are
 * read from the contract itself ({@link ContractExamples}) and served exactly; which card accepts which operation is
 * transcribed here from the vendor text, independently of the sandbox's own table. Each reading of {@code NOTES.md}
 * beside the sandbox is shown by its number. The calls a hub could make are sent as the hub, so the contract checks
 * them and their answers too ({@link VendorContractFilter}).
 */
class WalletSandboxControllerTests {

    private static final String API = "/sandbox/wallet/api/v2";
    private static final String KEY = SandboxProperties.Wallet.DEFAULT_API_KEY;
    private static final String HUB = "LoyaltyHub";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContractExamples CONTRACT = ContractExamples.of("wallet");

    private static final String JANE = "9f0c7a52-6a4e-4f7c-9d51-2b8f1e3c4a10";
    private static final String EXAMPLE_CARD = "896844-833-112";

    private final WalletStore store = new WalletStore();
    private final VendorContractFilter contract = new VendorContractFilter(HUB, new SandboxFaults(Map.of()));
    private MockMvc mvc;
    private int customers;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new WalletSandboxController(store,
                        new SandboxProperties(true, Map.of(), null, null), JSON))
                .addFilter(contract, "/sandbox/*").build();
    }

    @AfterEach
    void theHubsCallsAndTheirAnswersKeptTheContract() {
        assertThat(contract.drainViolations()).isEmpty();
    }

    /** The security scheme {@code ApiKeyAuth}: the company's key in {@code X-API-Key} (NOTES.md 25). */
    @Nested
    class ApiKey {

        @Test
        void aCallWithoutTheKeyOrWithAnotherIsUnauthorisedAndTheKeyIsNeverEchoed() throws Exception {
            MockHttpServletResponse none = mvc.perform(get(API + "/cards")).andReturn().getResponse();
            MockHttpServletResponse wrong = mvc.perform(get(API + "/cards").header("X-API-Key", "guess")).andReturn().getResponse();

            for (MockHttpServletResponse answer : List.of(none, wrong)) {
                assertThat(answer.getStatus()).isEqualTo(401);
                JsonNode error = JSON.readTree(answer.getContentAsString());
                assertThat(error.path("code").asInt()).isEqualTo(401);
                assertThat(error.path("message").asText()).contains("X-API-Key").doesNotContain("guess").doesNotContain(KEY);
            }
        }

        @Test
        void theHeaderNameIsCaseInsensitive() throws Exception {
            assertThat(mvc.perform(get(API + "/cards").header("x-api-key", KEY)).andReturn().getResponse().getStatus()).isEqualTo(200);
        }
    }

    /** Tag "Customers": {@code /api/v2/customers} and {@code /api/v2/customers/{id}} (NOTES.md 13-16). */
    @Nested
    class Customers {

        @Test
        void listCustomersServesTheContractsExample() throws Exception {
            assertServesExample(hub("get", "/customers", null), CONTRACT.response("/api/v2/customers", "get", 200));
        }

        @Test
        void getCustomerServesTheContractsExample() throws Exception {
            assertServesExample(hub("get", "/customers/" + JANE, null), CONTRACT.response("/api/v2/customers/{id}", "get", 200));
        }

        @Test
        void createCustomerMakesTheContractsExampleCustomerWithANewIdAnd201() throws Exception {
            store.clear(); // the example request is Jane's, and the seed already has her externalUserId

            Answer created = hub("post", "/customers", CONTRACT.request("/api/v2/customers", "post"));

            assertThat(created.status()).isEqualTo(201);
            ObjectNode expected = (ObjectNode) CONTRACT.response("/api/v2/customers", "post", 201).path("data");
            ObjectNode data = (ObjectNode) created.data();
            assertThat(data.path("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                    .isNotEqualTo(JANE);
            assertThat(data.path("createdAt").asText()).matches(TIME);
            assertThat(without(data, "id", "createdAt")).isEqualTo(without(expected, "id", "createdAt"));
            assertThat(store.findCustomer(data.path("id").asText())).isPresent();
        }

        @Test
        void aSecondCustomerWithATakenExternalUserIdIsAConflictEmailAndPhoneMayRepeat() throws Exception {
            Answer duplicate = send("post", "/customers", "{\"firstName\": \"Other\", \"externalUserId\": \"crm-7781\"}");
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.body().path("message").asText()).contains("crm-7781").contains(JANE);
            assertThat(store.customers(null, null)).hasSize(1);

            assertThat(hub("post", "/customers", json("""
                    {"firstName": "Jane", "email": "jane@example.org", "phone": "+15555550123", "externalUserId": "crm-1"}""")).status())
                    .isEqualTo(201);

            String other = store.findCustomerByExternalUserId("crm-1").orElseThrow().id();
            assertThat(send("patch", "/customers/" + other, "{\"id\": \"" + other + "\", \"externalUserId\": \"crm-7781\"}").status())
                    .isEqualTo(409);
            assertThat(store.findCustomer(other).orElseThrow().externalUserId()).isEqualTo("crm-1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"firstName\": \"  \"}", "{\"firstName\": 7}", "{\"firstName\": \"A\", \"gender\": 3}",
                "{\"firstName\": \"A\", \"gender\": \"2\"}", "{\"firstName\": \"A\", \"dateOfBirth\": \"15.05.1990\"}",
                "{\"firstName\": \"A\", \"dateOfBirth\": \"1990-02-30\"}", "{\"firstName\": \"A\", \"lastName\": \"B\"}",
                "{\"firstName\": \"A\", \"phone\": 15555550123}", "[]"})
        void aCustomerBreakingTheContractIsRefusedWithEveryOffendingField(String body) throws Exception {
            Answer refused = send("post", "/customers", body);

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().path("code").asInt()).isEqualTo(422);
            assertThat(store.customers(null, null)).hasSize(1);
        }

        @Test
        void aRefusalNamesEachOffendingField() throws Exception {
            Answer refused = send("post", "/customers", "{\"surname\": 5, \"gender\": 9, \"nickname\": \"J\"}");

            assertThat(refused.body().path("details").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("firstName", "surname", "gender", "nickname");
        }

        @Test
        void updateCustomerChangesWhatTheContractsExampleNamesAndKeepsTheRest() throws Exception {
            Answer updated = hub("patch", "/customers/" + JANE, CONTRACT.request("/api/v2/customers/{id}", "patch"));

            assertThat(updated.status()).isEqualTo(200);
            ObjectNode expected = (ObjectNode) CONTRACT.response("/api/v2/customers/{id}", "patch", 200).path("data");
            expected.put("surname", "Smith-Jones");
            assertThat(updated.data().path("updatedAt").asText()).matches(TIME);
            assertThat(without(updated.data(), "updatedAt")).isEqualTo(without(expected, "updatedAt"));
        }

        @Test
        void updateCustomerClearsWhatItNamesAsNull() throws Exception {
            Answer updated = hub("patch", "/customers/" + JANE, json("{\"id\": \"" + JANE + "\", \"email\": null, \"gender\": null}"));

            assertThat(updated.data().path("email").isNull()).isTrue();
            assertThat(updated.data().path("gender").isNull()).isTrue();
            assertThat(updated.data().path("firstName").asText()).isEqualTo("Jane");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"surname\": \"X\"}", "{\"id\": \"someone-else\", \"surname\": \"X\"}",
                "{\"id\": \"" + JANE + "\", \"phone\": \"+1\"}"})
        void anUpdateWithoutThePathsIdOrWithAPhoneIsRefused(String body) throws Exception {
            assertThat(send("patch", "/customers/" + JANE, body).status()).isEqualTo(422);
            assertThat(store.findCustomer(JANE).orElseThrow()).isEqualTo(WalletCustomer.EXAMPLE);
        }

        @Test
        void deleteCustomerAnswersTheContractsExampleAndTakesTheirCardsNotTheirHistory() throws Exception {
            Answer deleted = hub("delete", "/customers/" + JANE, null);

            assertServesExample(deleted, CONTRACT.response("/api/v2/customers/{id}", "delete", 200));
            assertThat(store.findCustomer(JANE)).isEmpty();
            assertThat(store.findCard(EXAMPLE_CARD)).isEmpty();
            assertThat(store.operations(EXAMPLE_CARD)).hasSize(1);
        }

        @Test
        void anUnknownCustomerIsNotFound() throws Exception {
            assertThat(hub("get", "/customers/nobody", null).status()).isEqualTo(404);
            assertThat(hub("patch", "/customers/nobody", json("{\"id\": \"nobody\"}")).status()).isEqualTo(404);
            assertThat(hub("delete", "/customers/nobody", null).status()).isEqualTo(404);
        }

        @Test
        void listCustomersFiltersByEmailIgnoringCaseAndByPhoneExactly() throws Exception {
            newCustomer();
            assertThat(hub("get", "/customers?email=JANE@example.org", null).data()).hasSize(1);
            assertThat(hub("get", "/customers?phone=%2B15555550123", null).data()).hasSize(1);
            assertThat(hub("get", "/customers?phone=15555550123", null).data()).isEmpty();
            assertThat(hub("get", "/customers", null).data()).hasSize(2);
        }
    }

    /** Tag "Cards": {@code /api/v2/cards} and {@code /api/v2/cards/{id}} (NOTES.md 17-22). */
    @Nested
    class Cards {

        @Test
        void listCardsServesTheContractsExample() throws Exception {
            assertServesExample(hub("get", "/cards", null), CONTRACT.response("/api/v2/cards", "get", 200));
        }

        @Test
        void getCardServesTheContractsExample() throws Exception {
            assertServesExample(hub("get", "/cards/" + EXAMPLE_CARD, null), CONTRACT.response("/api/v2/cards/{id}", "get", 200));
        }

        @Test
        void createCardIssuesTheContractsExampleCardForItsCustomerWithTheNextSerialNumber() throws Exception {
            Answer issued = hub("post", "/cards", CONTRACT.request("/api/v2/cards", "post"));

            assertThat(issued.status()).isEqualTo(201);
            JsonNode example = CONTRACT.response("/api/v2/cards", "post", 201).path("data");
            JsonNode card = issued.data();
            assertThat(card.path("id").asText()).isEqualTo("100000-000-001");
            assertThat(names(card)).isEqualTo(names(example));
            for (String same : List.of("companyId", "customer", "customerId", "templateId", "type", "status")) {
                assertThat(card.path(same)).as(same).isEqualTo(example.path(same));
            }
            assertThat(card.path("installLink").asText()).isEqualTo("https://wallet.example.net/install/100000-000-001");
            assertThat(card.path("balance").path("bonusBalance").asInt()).isZero();
            assertThat(card.path("availableRewardTiers")).isEmpty();
            assertThat(store.cardsOf(JANE)).hasSize(2);
        }

        @Test
        void aCardNamingACustomerOrTemplateThatDoesNotExistIsRefusedNamingBoth() throws Exception {
            Answer refused = send("post", "/cards", "{\"customerId\": \"nobody\", \"templateId\": 99}");

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().path("details").findValuesAsText("field")).containsExactlyInAnyOrder("customerId", "templateId");
            assertThat(store.cards()).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"customerId\": \"" + JANE + "\"}", "{\"customerId\": \"" + JANE + "\", \"templateId\": \"171\"}",
                "{\"customerId\": \"" + JANE + "\", \"templateId\": 171, \"customFields\": [{\"value\": \"VIP\"}]}",
                "{\"customerId\": \"" + JANE + "\", \"templateId\": 171, \"serial\": \"1\"}"})
        void aCardBreakingTheContractIsRefused(String body) throws Exception {
            assertThat(send("post", "/cards", body).status()).isEqualTo(422);
            assertThat(store.cards()).hasSize(1);
        }

        @Test
        void updateCardSetsTheContractsExampleCustomFieldAndKeepsTheOthers() throws Exception {
            hub("patch", "/cards/" + EXAMPLE_CARD, json("{\"customFields\": [{\"id\": 4, \"value\": \"blue\"}]}"));

            Answer updated = hub("patch", "/cards/" + EXAMPLE_CARD, CONTRACT.request("/api/v2/cards/{id}", "patch"));

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.data().path("customFields")).isEqualTo(json("""
                    [{"required": false, "unique": false, "id": 4, "value": "blue"},
                     {"required": false, "unique": false, "id": 5, "value": "VIP"}]"""));
            assertThat(updated.data().path("updatedAt").asText()).matches(TIME);
            assertThat(hub("patch", "/cards/" + EXAMPLE_CARD, null).data().path("customFields")).hasSize(2);
        }

        @Test
        void deleteCardAnswersTheContractsExampleAndKeepsItsHistory() throws Exception {
            assertServesExample(hub("delete", "/cards/" + EXAMPLE_CARD, null), CONTRACT.response("/api/v2/cards/{id}", "delete", 200));
            assertThat(store.findCard(EXAMPLE_CARD)).isEmpty();
            assertThat(store.findCustomer(JANE)).isPresent();
            assertThat(hub("get", "/operations?cardId=" + EXAMPLE_CARD, null).data()).hasSize(1);
            assertThat(hub("get", "/cards/" + EXAMPLE_CARD, null).status()).isEqualTo(404);
        }

        @Test
        void aListLeavesOutWhatTheContractSaysIsAlwaysEmptyThereOneCardAnswersIt() throws Exception {
            String stamp = issue(101);
            hub("post", "/cards/" + stamp + "/add-stamp", json("{\"stamps\": 2}"));
            hub("post", "/cards/" + stamp + "/add-reward", json("{\"rewards\": 1}"));

            JsonNode one = hub("get", "/cards/" + stamp, null).data();
            JsonNode listed = hub("get", "/cards?templateId=101", null).data().get(0);

            for (String empty : List.of("countVisits", "totalRewardsEarned", "lastStampEarnedAt", "lastRewardEarnedAt")) {
                assertThat(one.has(empty)).as(empty).isTrue();
                assertThat(listed.has(empty)).as(empty).isFalse();
            }
            assertThat(listed.path("balance")).isEqualTo(one.path("balance"));
            assertThat(one.path("balance").path("currentNumberOfUses").asInt()).isEqualTo(2);
            assertThat(one.path("totalRewardsEarned").asInt()).isEqualTo(1);
            assertThat(one.has("totalRewardsRedeemed")).as("no reward redeemed yet").isFalse();
        }

        @Test
        void listCardsFiltersByCustomerAndTemplate() throws Exception {
            String cashback = issue(111);
            String holder = store.findCard(cashback).orElseThrow().customerId();

            assertThat(ids(hub("get", "/cards?templateId=111", null))).containsExactly(cashback);
            assertThat(ids(hub("get", "/cards?customerId=" + holder, null))).containsExactly(cashback);
            assertThat(ids(hub("get", "/cards?customerEmail=JANE@EXAMPLE.ORG", null))).containsExactly(EXAMPLE_CARD);
            assertThat(ids(hub("get", "/cards?customerPhone=%2B15555550123", null))).containsExactly(EXAMPLE_CARD);
            assertThat(send("get", "/cards?templateId=reward", null).status()).isEqualTo(422);
        }

        @Test
        void anUnknownCardIsNotFound() throws Exception {
            assertThat(hub("get", "/cards/000000-000-000", null).status()).isEqualTo(404);
            assertThat(hub("patch", "/cards/000000-000-000", null).status()).isEqualTo(404);
            assertThat(hub("delete", "/cards/000000-000-000", null).status()).isEqualTo(404);
            assertThat(hub("post", "/cards/000000-000-000/add-scores", json("{\"scores\": 1}")).status()).isEqualTo(404);
        }
    }

    /** Tag "Card operations": {@code POST /api/v2/cards/{id}/<operation>} (NOTES.md 4-12). */
    @Nested
    class CardOperations {

        /** The vendor text's table, transcribed from it: each operation and the sandbox templates it applies to. */
        static Stream<Arguments> theVendorTextsTable() {
            Map<String, Set<Long>> applies = Map.ofEntries(
                    // "Add amount to card Applicable to Cashback card (card ID 1)"
                    Map.entry("add-transaction-amount", Set.of(111L)),
                    // "Add point to card Applies to Discount, Cashback, Certificate cards (card IDs 4, 1, 5)"
                    Map.entry("add-point", Set.of(141L, 111L, 151L)),
                    // "Add reward to card Applicable to Stamp card (card ID 0)"
                    Map.entry("add-reward", Set.of(101L, 102L)),
                    // "Add scores to card Applies to Reward cards with the mechanics type “Points”, Subscription (card ID 7, 2)"
                    Map.entry("add-scores", Set.of(171L, WalletTemplate.EXAMPLE_ID, 121L)),
                    // "Add stamp to card Applies to Stamp card (card ID 0)"
                    Map.entry("add-stamp", Set.of(101L, 102L)),
                    // "Add visit to card Applies to Subscription card (card ID 2), membership card WITHOUT LIMITS (card ID 6),
                    // stamp card (card ID 0) with visit mechanics, rewards card (card ID 7) with visit mechanics."
                    Map.entry("add-visit", Set.of(121L, 161L, 101L, 173L)),
                    // "Add purchase to card (add amount to card) Applies to stamp card (card ID 0) with spend mechanics,
                    // reward card (card ID 7) with spend mechanics."
                    Map.entry("add-purchase", Set.of(102L, 172L)),
                    // "Receive reward (receive reward by client) Applicable to Reward card (card ID 7)"
                    Map.entry("receive-reward", Set.of(171L, 172L, 173L, WalletTemplate.EXAMPLE_ID)),
                    // "Redeem coupon Applies to Coupon card (card ID 3)"
                    Map.entry("redeem-coupon", Set.of(131L)),
                    // "Subtract amount from card Applies to Cashback card (card ID 1)"
                    Map.entry("subtract-transaction-amount", Set.of(111L)),
                    // "Subtract point from card Applies to Discount, Cashback, Certificate cards (card IDs 4, 1, 5)"
                    Map.entry("subtract-point", Set.of(141L, 111L, 151L)),
                    // "Subtract reward from card Applicable to Stamp card (card ID 0)"
                    Map.entry("subtract-reward", Set.of(101L, 102L)),
                    // "Subtract scores from card (Subtract points from card) Applies to Reward cards, Subscription cards (card IDs 7, 2)"
                    Map.entry("subtract-scores", Set.of(171L, 172L, 173L, WalletTemplate.EXAMPLE_ID, 121L)),
                    // "Subtract stamp from card Applies to Stamp card (card ID 0)"
                    Map.entry("subtract-stamp", Set.of(101L, 102L)),
                    // "Subtract visit to card (add visits to card) Applies to Subscription card (card ID 2), Membership card
                    // WITH LIMITS (card ID 6)"
                    Map.entry("subtract-visit", Set.of(121L, 162L)),
                    // not in the vendor text: the contract's counterpart of add-purchase (NOTES.md 4)
                    Map.entry("subtract-purchase", Set.of(102L, 172L)));
            List<Arguments> cases = new ArrayList<>();
            applies.forEach((operation, templates) -> new WalletStore().templates().forEach(template ->
                    cases.add(Arguments.of(operation, template.id(), templates.contains(template.id())))));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0} on template {1}: applies {2}")
        @MethodSource("theVendorTextsTable")
        void eachCardAcceptsExactlyTheOperationsTheVendorTextAppliesToIt(String operation, long templateId, boolean applies)
                throws Exception {
            String card = primed(issue(templateId));
            int historyBefore = store.operations().size();

            Answer answer = send("post", "/cards/" + card + "/" + operation, oneOf(operation));

            if (applies) {
                assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
                assertThat(store.operations()).hasSize(historyBefore + 1);
            } else {
                assertThat(answer.status()).isEqualTo(422);
                assertThat(answer.body().path("message").asText()).contains(operation + " does not apply to card " + card)
                        .contains("the vendor applies it to");
                assertThat(store.operations()).hasSize(historyBefore);
            }
        }

        static Stream<Arguments> theContractsExampleRequests() {
            return Stream.of(
                    Arguments.of("add-transaction-amount", 111L), Arguments.of("add-point", 141L), Arguments.of("add-reward", 101L),
                    Arguments.of("add-scores", 171L), Arguments.of("add-stamp", 101L), Arguments.of("add-visit", 121L),
                    Arguments.of("add-purchase", 172L), Arguments.of("receive-reward", WalletTemplate.EXAMPLE_ID),
                    Arguments.of("redeem-coupon", 131L), Arguments.of("subtract-transaction-amount", 111L),
                    Arguments.of("subtract-point", 141L), Arguments.of("subtract-reward", 101L),
                    Arguments.of("subtract-scores", 171L), Arguments.of("subtract-stamp", 101L),
                    Arguments.of("subtract-visit", 162L), Arguments.of("subtract-purchase", 172L));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("theContractsExampleRequests")
        void theContractsExampleRequestIsAppliedAndAnsweredWithTheUpdatedCard(String operation, long templateId) throws Exception {
            String card = primed(issue(templateId));
            JsonNode request = CONTRACT.request("/api/v2/cards/{id}/" + operation, "post");

            Answer answer = hub("post", "/cards/" + card + "/" + operation, request);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.data().path("id").asText()).isEqualTo(card);
            assertThat(names(answer.data())).containsAll(names(CONTRACT.response("/api/v2/cards/{id}", "get", 200).path("data")));
            WalletOperation recorded = store.operations().get(store.operations().size() - 1);
            assertThat(recorded.kind().path()).isEqualTo(operation);
            assertThat(recorded.cardId()).isEqualTo(card);
            assertThat(recorded.comment()).isEqualTo(request.path("comment").asText());
        }

        @Test
        void theContractsExampleStoryEndsAsItsCardExample() throws Exception {
            hub("post", "/cards/" + EXAMPLE_CARD + "/subtract-scores", json("{\"scores\": 120}"));

            Answer answer = hub("post", "/cards/" + EXAMPLE_CARD + "/add-scores",
                    CONTRACT.request("/api/v2/cards/{id}/add-scores", "post"));

            JsonNode expected = CONTRACT.response("/api/v2/cards/{id}/add-scores", "post", 200).path("data");
            assertThat(answer.data().path("updatedAt").asText()).matches(TIME);
            assertThat(without(answer.data(), "updatedAt")).isEqualTo(expected);
        }

        @Test
        void eachOperationMovesItsOwnCounter() throws Exception {
            String cashback = issue(111);
            hub("post", "/cards/" + cashback + "/add-transaction-amount", json("{\"amount\": 10}"));
            hub("post", "/cards/" + cashback + "/add-point", json("{\"points\": 2.5}"));
            assertThat(balance(cashback, "balance")).isEqualByComparingTo("10");
            assertThat(balance(cashback, "bonusBalance")).isEqualByComparingTo("2.5");

            String gift = issue(151);
            hub("post", "/cards/" + gift + "/add-point", json("{\"points\": 25.50}"));
            assertThat(balance(gift, "balance")).isEqualByComparingTo("25.50");

            String pass = issue(121);
            hub("post", "/cards/" + pass + "/subtract-visit", json("{\"visits\": 3}"));
            assertThat(balance(pass, "currentNumberOfUses")).isEqualByComparingTo("7");
            assertThat(hub("get", "/cards/" + pass, null).data().path("countVisits").asInt()).isEqualTo(3);

            String reward = issue(171);
            hub("post", "/cards/" + reward + "/add-scores", json("{\"scores\": 260}"));
            JsonNode card = hub("post", "/cards/" + reward + "/receive-reward", json("{\"id\": 1712}")).data();
            assertThat(card.path("balance").path("bonusBalance").asInt()).isEqualTo(10);
            assertThat(card.path("totalRewardsRedeemed").asInt()).isEqualTo(1);
        }

        @Test
        void aCouponRedeemsOnceWithOrWithoutABody() throws Exception {
            String coupon = issue(131);
            assertThat(hub("post", "/cards/" + coupon + "/redeem-coupon", null).data().path("couponRedeemed").asBoolean()).isTrue();

            Answer again = hub("post", "/cards/" + coupon + "/redeem-coupon", json("{\"comment\": \"again\"}"));
            assertThat(again.status()).isEqualTo(422);
            assertThat(again.body().path("message").asText()).contains("already redeemed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"subtract-scores", "receive-reward"})
        void nothingGoesBelowZeroAndARefusalChangesNothing(String operation) throws Exception {
            String card = issue(171);
            hub("post", "/cards/" + card + "/add-scores", json("{\"scores\": 50}"));
            int historyBefore = store.operations().size();

            Answer refused = hub("post", "/cards/" + card + "/" + operation,
                    operation.equals("receive-reward") ? json("{\"id\": 1711}") : json("{\"scores\": 51}"));

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().path("message").asText()).containsAnyOf("below zero", "needs 100");
            assertThat(balance(card, "bonusBalance")).isEqualByComparingTo("50");
            assertThat(store.operations()).hasSize(historyBefore);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"scores\": 0}", "{\"scores\": -5}", "{\"scores\": 10.0}", "{\"scores\": \"10\"}",
                "{\"scores\": 1, \"points\": 1}", "{\"scores\": 1, \"comment\": 7}", "{\"scores\": 1, \"purchaseSum\": \"12\"}",
                "[1]"})
        void aBodyBreakingTheContractIsRefused(String body) throws Exception {
            Answer refused = send("post", "/cards/" + EXAMPLE_CARD + "/add-scores", body);

            assertThat(refused.status()).isEqualTo(422);
            assertThat(store.operations(EXAMPLE_CARD)).hasSize(1);
        }

        @Test
        void pointsAndPurchasesAreNumbersTheOtherQuantitiesIntegers() throws Exception {
            assertThat(send("post", "/cards/" + issue(141) + "/add-point", "{\"points\": \"5\"}").status()).isEqualTo(422);
            assertThat(hub("post", "/cards/" + issue(172) + "/add-purchase", json("{\"amount\": 45.9}")).status()).isEqualTo(200);
            assertThat(send("post", "/cards/" + issue(111) + "/add-transaction-amount", "{\"amount\": 10.5}").status()).isEqualTo(422);
        }

        @Test
        void receiveRewardNeedsItsIdKeyNullMeaningTheCheapestTierTheCardReaches() throws Exception {
            assertThat(send("post", "/cards/" + EXAMPLE_CARD + "/receive-reward", "{\"comment\": \"x\"}").status()).isEqualTo(422);
            assertThat(send("post", "/cards/" + EXAMPLE_CARD + "/receive-reward", "{\"id\": 1711}").status()).isEqualTo(422);

            hub("post", "/cards/" + EXAMPLE_CARD + "/receive-reward", json("{\"id\": null}"));

            assertThat(store.operations(EXAMPLE_CARD)).last().satisfies(received -> {
                assertThat(received.rewardTierId()).isEqualTo(11L);
                assertThat(received.amount()).isEqualByComparingTo("100");
            });
            assertThat(balance(EXAMPLE_CARD, "bonusBalance")).isEqualByComparingTo("140");
        }

        @Test
        void operationsTheSandboxDoesNotSimulateAreNotFound() throws Exception {
            assertThat(send("post", "/cards/" + EXAMPLE_CARD + "/set-expiration-date", "{\"expiresAt\": null}").status()).isEqualTo(404);
            assertThat(send("post", "/cards/" + EXAMPLE_CARD + "/add-everything", "{}").status()).isEqualTo(404);
        }

        /** A body with one of the operation's quantity; receive-reward asks for the cheapest tier, redeem-coupon has none. */
        private static String oneOf(String operation) {
            return switch (operation) {
                case "receive-reward" -> "{\"id\": null}";
                case "redeem-coupon" -> "{}";
                default -> "{\"" + WalletCardOperation.byPath(operation).orElseThrow().field() + "\": 1}";
            };
        }

        /** The card with 1000 of everything its template lets be added, so that any subtraction or reward can be tried. */
        private String primed(String card) {
            WalletTemplate template = store.findTemplate(store.findCard(card).orElseThrow().templateId()).orElseThrow();
            for (WalletCardOperation add : WalletCardOperation.values()) {
                if (add.path().startsWith("add-") && add.accepts(template)) {
                    store.operate(card, add, WalletOperationInput.of(new BigDecimal("1000")));
                }
            }
            return card;
        }
    }

    /** Tag "Operations": {@code GET /api/v2/operations}, the history of card operations (NOTES.md 1, 11, 24). */
    @Nested
    class Operations {

        @Test
        void listOperationsServesTheContractsExample() throws Exception {
            assertServesExample(hub("get", "/operations", null), CONTRACT.response("/api/v2/operations", "get", 200));
        }

        @Test
        void anAppliedOperationJoinsTheHistoryWithWhatItsBodyGave() throws Exception {
            String cashback = issue(111);
            hub("post", "/cards/" + cashback + "/add-transaction-amount", CONTRACT.request("/api/v2/cards/{id}/add-transaction-amount", "post"));

            JsonNode listed = hub("get", "/operations?cardId=" + cashback, null).data();

            assertThat(listed).hasSize(1);
            JsonNode operation = listed.get(0);
            assertThat(operation.path("id").asLong()).isEqualTo(5513);
            assertThat(operation.path("amount").asInt()).isEqualTo(10);
            assertThat(operation.path("balance").asInt()).isEqualTo(10);
            assertThat(operation.path("purchaseSum").decimalValue()).isEqualByComparingTo("25.5");
            assertThat(operation.path("comment").asText()).isEqualTo("Order #1042");
            assertThat(operation.path("eventId").asInt()).isEqualTo(WalletCardOperation.ADD_TRANSACTION_AMOUNT.eventId());
            assertThat(operation.path("templateId").asLong()).isEqualTo(111);
            assertThat(operation.has("cardDevice")).as("left out without a value").isFalse();
        }

        @Test
        void filtersByCardCustomerTemplateAndWholeDays() throws Exception {
            String reward = issue(171);
            hub("post", "/cards/" + reward + "/add-scores", json("{\"scores\": 5}"));

            assertThat(hub("get", "/operations?customerId=" + JANE, null).data()).hasSize(1);
            assertThat(hub("get", "/operations?templateId=171", null).data()).hasSize(1);
            // the example operation is of 2025-01-15 (UTC); the new one of today
            assertThat(hub("get", "/operations?startDate=2025-01-15&endDate=2025-01-15", null).data()).hasSize(1);
            assertThat(hub("get", "/operations?startDate=2025-01-16", null).data()).hasSize(1);
            assertThat(hub("get", "/operations?endDate=2025-01-14", null).data()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"startDate=2025-02-01&endDate=2025-01-31", "startDate=15.01.2025", "templateId=x"})
        void aFilterBreakingTheContractIsRefused(String query) throws Exception {
            assertThat(send("get", "/operations?" + query, null).status()).isEqualTo(422);
        }
    }

    /** Tag "Templates": {@code /api/v2/templates} and {@code /api/v2/templates/{id}} (NOTES.md 2). */
    @Nested
    class Templates {

        @Test
        void getTemplateServesTheContractsExample() throws Exception {
            assertServesExample(hub("get", "/templates/" + WalletTemplate.EXAMPLE_ID, null),
                    CONTRACT.response("/api/v2/templates/{id}", "get", 200));
        }

        @Test
        void listTemplatesHasTheContractsExampleTemplateAmongTheSeeds() throws Exception {
            JsonNode example = CONTRACT.response("/api/v2/templates", "get", 200);
            Answer listed = hub("get", "/templates", null);

            assertThat(listed.data()).contains(example.path("data").get(0));
            assertThat(listed.body().path("meta")).isEqualTo(json("{\"currentPage\": 1, \"itemsPerPage\": 30, \"totalItems\": 13}"));
        }

        @Test
        void theTemplatesTypesAreTheVendorTextsCardTypeIds() throws Exception {
            // "Stamp - ID 0 Cashback - ID 1 Multipass - ID 2 Coupon - ID 3 Discount - ID 4 Gift - ID 5 Membership - ID 6 Reward - ID 7"
            Map<Long, Integer> typeOf = Map.ofEntries(Map.entry(101L, 0), Map.entry(102L, 0), Map.entry(111L, 1), Map.entry(121L, 2),
                    Map.entry(131L, 3), Map.entry(141L, 4), Map.entry(151L, 5), Map.entry(161L, 6), Map.entry(162L, 6),
                    Map.entry(171L, 7), Map.entry(172L, 7), Map.entry(173L, 7), Map.entry(WalletTemplate.EXAMPLE_ID, 7));
            for (JsonNode template : hub("get", "/templates", null).data()) {
                assertThat(template.path("type").asInt()).as(template.path("name").asText())
                        .isEqualTo(typeOf.get(template.path("id").asLong()));
            }
        }

        @Test
        void anUnknownTemplateIsNotFound() throws Exception {
            assertThat(hub("get", "/templates/999", null).status()).isEqualTo(404);
            assertThat(send("get", "/templates/coffee", null).status()).isEqualTo(404);
        }
    }

    /** The parameters {@code page} and {@code itemsPerPage} of every list (NOTES.md 23). */
    @Nested
    class Paging {

        @Test
        void aListAnswersThirtyItemsAPageUnlessAskedOtherwise() throws Exception {
            for (int i = 0; i < 30; i++) {
                newCustomer();
            }

            Answer first = hub("get", "/customers", null);
            Answer second = hub("get", "/customers?page=2", null);

            assertThat(first.data()).hasSize(30);
            assertThat(first.body().path("meta")).isEqualTo(json("{\"currentPage\": 1, \"itemsPerPage\": 30, \"totalItems\": 31}"));
            assertThat(second.data()).hasSize(1);
            assertThat(second.body().path("meta").path("currentPage").asInt()).isEqualTo(2);
            assertThat(hub("get", "/customers?page=3", null).data()).isEmpty();
        }

        @Test
        void thereIsNoLargestPage() throws Exception {
            for (int i = 0; i < 30; i++) {
                newCustomer();
            }

            Answer all = hub("get", "/customers?itemsPerPage=1000", null);

            assertThat(all.data()).hasSize(31);
            assertThat(all.body().path("meta").path("itemsPerPage").asInt()).isEqualTo(1000);
            assertThat(hub("get", "/customers?itemsPerPage=2&page=16", null).data()).hasSize(1);
            assertThat(hub("get", "/customers?itemsPerPage=9000000000000000000&page=9000000000000000000", null).data()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"page=0", "page=-1", "page=x", "itemsPerPage=0", "itemsPerPage=1.5"})
        void aPageOrSizeBelowOneOrNotAnIntegerIsRefused(String query) throws Exception {
            for (String list : List.of("/customers", "/cards", "/operations", "/templates")) {
                Answer refused = send("get", list + "?" + query, null);
                assertThat(refused.status()).as(list).isEqualTo(422);
                assertThat(refused.body().path("details").get(0).path("field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
            }
        }
    }

    /** What every answer shares: the envelope, the error object, the statuses (NOTES.md 27, 28). */
    @Nested
    class EnvelopeAndErrors {

        @Test
        void everySuccessIsTheEnvelopeWithTheStatusAFreshResponseIdAndTheTime() throws Exception {
            Answer one = hub("get", "/cards/" + EXAMPLE_CARD, null);
            Answer two = hub("get", "/cards/" + EXAMPLE_CARD, null);
            Answer created = hub("post", "/customers", json("{\"firstName\": \"Env\"}"));

            assertThat(names(one.body())).containsExactlyInAnyOrder("code", "createdAt", "data", "responseId");
            assertThat(one.body().path("code").asInt()).isEqualTo(200);
            assertThat(created.body().path("code").asInt()).isEqualTo(201);
            assertThat(one.body().path("createdAt").asText()).matches(TIME);
            assertThat(one.body().path("responseId").asText()).isNotEqualTo(two.body().path("responseId").asText())
                    .matches("[0-9a-f-]{36}");
        }

        @Test
        void aBodyThatIsNoJsonIsABadRequest() throws Exception {
            Answer malformed = send("post", "/customers", "{\"firstName\": ");
            Answer missing = send("post", "/cards/" + EXAMPLE_CARD + "/add-scores", null);

            for (Answer answer : List.of(malformed, missing)) {
                assertThat(answer.status()).isEqualTo(400);
                assertThat(answer.body().path("code").asInt()).isEqualTo(400);
                assertThat(answer.body().path("message").asText()).isNotBlank();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"/companies", "/pushes", "/tariffs", "/sms", "/companies/120455"})
        void whatTheSandboxDoesNotSimulateIsNotFoundAndSaysSo(String path) throws Exception {
            Answer answer = send("get", path, null);

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body().path("message").asText()).contains("does not simulate");
        }
    }

    // ---- helpers

    /** Times as the contract's examples write them: {@code 2025-01-15T10:21:07+00:00}. */
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00";

    /** An answer: its status and JSON body. */
    private record Answer(int status, JsonNode body) {

        JsonNode data() {
            return body.path("data");
        }
    }

    /** The answer's {@code data} (and a list's {@code meta}) are the example's, and its envelope has the same status. */
    private static void assertServesExample(Answer answer, JsonNode example) {
        assertThat(answer.status()).isEqualTo(example.path("code").asInt());
        assertThat(answer.body().path("code")).isEqualTo(example.path("code"));
        assertThat(answer.data()).isEqualTo(example.path("data"));
        assertThat(answer.body().path("meta")).isEqualTo(example.path("meta"));
        assertThat(names(answer.body())).isEqualTo(names(example));
    }

    /** A call as the hub makes it, with the key: it and its answer are held to the contract. */
    private Answer hub(String method, String path, JsonNode body) throws Exception {
        return call(method, path, body == null ? null : body.toString(), true);
    }

    /** A call no hub should make (or one the test makes to look), with the key: not held to the contract. */
    private Answer send(String method, String path, String body) throws Exception {
        return call(method, path, body, false);
    }

    private Answer call(String method, String path, String body, boolean asHub) throws Exception {
        URI uri = URI.create(API + path); // as written: a query's %2B stays a +, not a %2B
        MockHttpServletRequestBuilder request = switch (method) {
            case "get" -> get(uri);
            case "post" -> post(uri);
            case "patch" -> patch(uri);
            case "delete" -> delete(uri);
            default -> throw new IllegalArgumentException(method);
        };
        request.header("X-API-Key", KEY);
        if (asHub) {
            request.header(HttpHeaders.USER_AGENT, HUB);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        MockHttpServletResponse answer = mvc.perform(request).andReturn().getResponse();
        return new Answer(answer.getStatus(), JSON.readTree(answer.getContentAsString()));
    }

    /** A new customer of no interest but to be there; its id. */
    private String newCustomer() throws Exception {
        int n = ++customers;
        return hub("post", "/customers", json("{\"firstName\": \"Customer " + n + "\", \"externalUserId\": \"c-" + n + "\"}"))
                .data().path("id").asText();
    }

    /** A card of the template, issued to a new customer; its serial number. */
    private String issue(long templateId) throws Exception {
        String customer = newCustomer();
        return hub("post", "/cards", json("{\"customerId\": \"" + customer + "\", \"templateId\": " + templateId + "}"))
                .data().path("id").asText();
    }

    private BigDecimal balance(String card, String counter) throws Exception {
        return hub("get", "/cards/" + card, null).data().path("balance").path(counter).decimalValue();
    }

    private static List<String> ids(Answer list) {
        List<String> ids = new ArrayList<>();
        list.data().forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** A copy of the object without the named properties (those a test checks apart, such as a fresh id or time). */
    private static JsonNode without(JsonNode object, String... names) {
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of(names));
        return copy;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
