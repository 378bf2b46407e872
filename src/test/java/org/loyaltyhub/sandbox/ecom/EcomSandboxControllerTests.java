package org.loyaltyhub.sandbox.ecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.ecom.EcomCardStore.Write;
import org.loyaltyhub.support.VendorContractFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The ecom sandbox over HTTP, section by section of its vendor document ({@code shared/vendor-apis/ecom-discount-cards.txt}):
 * each documented example request is answered with exactly the document's example answer, and each reading of
 * {@code NOTES.md} beside the sandbox holds. The calls a hub could make are sent as the hub, so the project's copy of
 * the contract checks them and their answers too ({@link VendorContractFilter}).
 */
class EcomSandboxControllerTests {

    private static final String CARDS = "/sandbox/ecom/external/discount-card/";
    private static final String HUB = "LoyaltyHub";

    /** The document's card, as its "Receiving all cards" and "Receive one card" examples answer it. */
    private static final String DOCUMENT_CARD = """
            {"id": 1, "user_id": null, "code": "1234567890123", "legal_entity_name": "Test Company",
             "first_name": "John", "last_name": "Doe", "barcode": "123456789012378476234768",
             "accumulated_amount": "5166.00", "sex": "m", "date_of_birth": "2006-07-08", "address": "Test Address"}""";

    private final EcomCardStore store = new EcomCardStore();
    private final VendorContractFilter contract = new VendorContractFilter(HUB, new SandboxFaults(Map.of()));
    private MockMvc mvc;
    private int nextBarcode = 1;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new EcomSandboxController(store, new ObjectMapper()))
                .addFilter(contract, "/sandbox/*").build();
    }

    @AfterEach
    void theHubsCallsAndTheirAnswersKeptTheContract() {
        assertThat(contract.drainViolations()).isEmpty();
    }

    /** "Table with field descriptions": the fields a request may carry, their spellings, types and rules. */
    @Nested
    class FieldTable {

        @ParameterizedTest
        @ValueSource(strings = {"userid", "legalentityname", "firstname", "lastname", "accumulatedamount", "dateofbirth",
                "dateof_birth", "addresses"})
        void aRequestSpellsEveryKeySnakeCaseOnly(String otherSpelling) throws Exception {
            EcomField field = EcomField.byOtherSpelling(otherSpelling).orElseThrow();
            createOne("\"" + otherSpelling + "\": null").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value(otherSpelling))
                    .andExpect(jsonPath("$.details[0].message").value(containsString("\"" + field.wireName() + "\"")));
            send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"" + otherSpelling + "\": \"x\"}]")
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value(otherSpelling));
            assertThat(store.journal()).isEmpty();
        }

        @Test
        void aKeyThatIsNoFieldIsRefusedAndNamed() throws Exception {
            createOne("\"nickname\": \"Jo\"").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value("nickname"))
                    .andExpect(jsonPath("$.details[0].message").value(containsString("first_name")));
            assertThat(store.size()).isEqualTo(1);
        }

        @Test
        void everyFieldOfTheTableIsTakenInItsSnakeCaseSpelling() throws Exception {
            createOne("""
                    "user_id": 7, "legal_entity_name": "ACME", "first_name": "Ann", "last_name": "Lee",
                    "accumulated_amount": "10.00", "sex": "f", "date_of_birth": "2000-01-02", "address": "Main St",
                    "active": true""").andExpect(status().isCreated());
            EcomCard created = store.find(2).orElseThrow();
            assertThat(created).extracting(EcomCard::userId, EcomCard::legalEntityName, EcomCard::firstName,
                    EcomCard::lastName, EcomCard::sex, EcomCard::address, EcomCard::active)
                    .containsExactly(7L, "ACME", "Ann", "Lee", "f", "Main St", true);
            assertThat(created.accumulatedAmount()).isEqualByComparingTo("10.00");
            assertThat(created.dateOfBirth()).hasToString("2000-01-02");
        }

        @Test
        void codeAndBarcodeAreRequiredAndNotBlank() throws Exception {
            send(post(CARDS + "bulk-create/"), "[{\"first_name\": \"Ann\"}]").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[*].field").value(containsInAnyOrder("code", "barcode")));
            send(post(CARDS + "bulk-create/"), "[{\"code\": \" \", \"barcode\": \"B\"}]").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value("code"));
        }

        @Test
        void moneyGivenAsAJsonNumberIsRefused() throws Exception {
            createOne("\"accumulated_amount\": 5166.00")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].index").value(0))
                    .andExpect(jsonPath("$.details[0].field").value("accumulated_amount"))
                    .andExpect(jsonPath("$.details[0].message").value(containsString("never a float")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"5166\"", "\"5166.0\"", "\"5166.000\"", "\"1,00\"", "\"abc\"", "\"+1.00\""})
        void moneyWithoutExactlyTwoDecimalsIsRefused(String amount) throws Exception {
            createOne("\"accumulated_amount\": " + amount)
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("accumulated_amount"));
        }

        @Test
        void negativeMoneyIsAccepted() throws Exception {
            createOne("\"accumulated_amount\": \"-12.50\"").andExpect(status().isCreated());
            assertThat(store.find(2).orElseThrow().accumulatedAmount()).isEqualByComparingTo("-12.50");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"sex\": \"x\"", "\"sex\": \"M\"", "\"date_of_birth\": \"2023-02-30\"",
                "\"date_of_birth\": \"08.07.2006\"", "\"date_of_birth\": \"2006-7-8\"", "\"active\": \"yes\"",
                "\"user_id\": \"5\"", "\"first_name\": 7", "\"code\": 1234"})
        void aValueOfTheWrongTypeIsRefused(String field) throws Exception {
            String name = field.substring(1, field.indexOf('"', 1));
            createOne(field).andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value(name));
            assertThat(store.size()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"first_name", "last_name", "accumulated_amount", "sex", "date_of_birth", "address", "active"})
        void onlyUserIdAndLegalEntityNameMayBeNull(String field) throws Exception {
            createOne("\"" + field + "\": null").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value(field));
            asHub(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"legal_entity_name\": null, \"user_id\": null}]")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].legal_entity_name").value(nullValue()))
                    .andExpect(jsonPath("$[0].user_id").value(nullValue()));
        }

        @Test
        void theBarcodeIsUniqueAcrossTheShopTheCodeIsNot() throws Exception {
            send(post(CARDS + "bulk-create/"), "[{\"code\": \"c\", \"barcode\": \"123456789012378476234768\"}]")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value("barcode"))
                    .andExpect(jsonPath("$.details[0].message").value(containsString("card 1")));
            send(post(CARDS + "bulk-create/"), "[{\"code\": \"a\", \"barcode\": \"X\"}, {\"code\": \"b\", \"barcode\": \"X\"}]")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details", hasSize(1)))
                    .andExpect(jsonPath("$.details[0].index").value(1))
                    .andExpect(jsonPath("$.details[0].field").value("barcode"));
            assertThat(store.size()).isEqualTo(1);

            asHub(post(CARDS + "bulk-create/"), "[{\"code\": \"1234567890123\", \"barcode\": \"another\"}]")
                    .andExpect(status().isCreated());
            assertThat(store.findAllByCode("1234567890123")).hasSize(2);
        }

        @Test
        void activeIsAnsweredOnlyOnceSet() throws Exception {
            mvc.perform(get(CARDS + "1/")).andExpect(jsonPath("$.active").doesNotExist());
            asHub(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"active\": false}]").andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].active").value(false));
        }

        @Test
        void userIdAndLegalEntityNameAreAnsweredEvenWithoutAValueTheOtherFieldsOnlyWithOne() throws Exception {
            asHub(post(CARDS + "bulk-create/"), "[{\"code\": \"C\", \"barcode\": \"B\"}]").andExpect(status().isCreated());
            asHub(get(CARDS + "2/")).andExpect(content().json("""
                    {"id": 2, "user_id": null, "code": "C", "legal_entity_name": null, "barcode": "B"}""",
                    JsonCompareMode.STRICT));
        }
    }

    /** "1. Receiving all cards": {@code GET {domain}/external/discount-card/}. */
    @Nested
    class ReceivingAllCards {

        @Test
        void answersTheDocumentsExample() throws Exception {
            asHub(get(CARDS)).andExpect(status().isOk())
                    .andExpect(content().json("[" + DOCUMENT_CARD + "]", JsonCompareMode.STRICT));
        }

        @Test
        void listsEveryCardByIdWholeWhateverTheQuery() throws Exception {
            createOne("\"first_name\": \"Second\"").andExpect(status().isCreated());
            createOne("\"first_name\": \"Third\"").andExpect(status().isCreated());

            // no hub may send these (the contract has no parameters): only the sandbox's answer is looked at
            mvc.perform(get(CARDS).queryParam("page", "2").queryParam("limit", "1")).andExpect(status().isOk())
                    .andExpect(jsonPath("$[*].id").value(contains(1, 2, 3)))
                    .andExpect(jsonPath("$[2].first_name").value("Third"));
        }
    }

    /** "2. Receive one card": {@code GET {domain}/external/discount-card/{id}/}. */
    @Nested
    class ReceiveOneCard {

        @Test
        void answersTheDocumentsExample() throws Exception {
            asHub(get(CARDS + "1/")).andExpect(status().isOk())
                    .andExpect(content().json(DOCUMENT_CARD, JsonCompareMode.STRICT));
        }

        @Test
        void anUnknownCardIsNotFound() throws Exception {
            asHub(get(CARDS + "99/")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.error").value(containsString("99")));
        }

        @Test
        void thePathKeepsItsTrailingSlash() throws Exception {
            mvc.perform(get("/sandbox/ecom/external/discount-card/1")).andExpect(status().isNotFound());
        }
    }

    /** "3. Updating one card": {@code PUT {domain}/external/discount-card/{id}/}. */
    @Nested
    class UpdatingOneCard {

        @Test
        void answersTheDocumentsExampleRequestWithItsExampleAnswer() throws Exception {
            asHub(put(CARDS + "1/"), """
                    {"code": "9876543210987", "barcode": "987654321012345678901234", "accumulated_amount": "6000.00",
                     "first_name": "Jane", "last_name": "Smith", "sex": "f", "date_of_birth": "1990-05-15",
                     "address": "New Test Address"}""")
                    .andExpect(status().isOk())
                    .andExpect(content().json("""
                            {"id": 1, "user_id": null, "code": "9876543210987", "legal_entity_name": "Test Company",
                             "first_name": "Jane", "last_name": "Smith", "barcode": "987654321012345678901234",
                             "accumulated_amount": "6000.00", "sex": "f", "date_of_birth": "1990-05-15",
                             "address": "New Test Address"}""", JsonCompareMode.STRICT));
            assertThat(store.journal()).containsExactly(new Write("update", 1, "9876543210987"));
        }

        @Test
        void codeAndBarcodeAreRequiredTheFieldsLeftOutAreKept() throws Exception {
            send(put(CARDS + "1/"), "{\"first_name\": \"Jane\"}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").isString())
                    .andExpect(jsonPath("$.details[*].field").value(containsInAnyOrder("code", "barcode")))
                    .andExpect(jsonPath("$.details[0].index").doesNotExist());
            assertThat(store.find(1)).contains(EcomCard.DOCUMENT_EXAMPLE);

            asHub(put(CARDS + "1/"), "{\"code\": \"1234567890123\", \"barcode\": \"123456789012378476234768\", \"first_name\": \"Jim\"}")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.first_name").value("Jim"))
                    .andExpect(jsonPath("$.last_name").value("Doe"))
                    .andExpect(jsonPath("$.accumulated_amount").value("5166.00"));
        }

        @Test
        void theBodyMayRepeatThePathsIdButNoOther() throws Exception {
            send(put(CARDS + "1/"), "{\"id\": 2, \"code\": \"c\", \"barcode\": \"b\"}")
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("id"));
            send(put(CARDS + "1/"), "{\"id\": 1, \"code\": \"c\", \"barcode\": \"b\"}").andExpect(status().isOk());
        }

        @Test
        void anUnknownCardIsNotFoundAndNothingIsWritten() throws Exception {
            asHub(put(CARDS + "99/"), "{\"code\": \"c\", \"barcode\": \"b\"}").andExpect(status().isNotFound());
            assertThat(store.journal()).isEmpty();
        }

        @Test
        void malformedJsonIsNamedAsSuch() throws Exception {
            send(put(CARDS + "1/"), "{\"code\": ").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value(startsWith("malformed JSON")));
        }
    }

    /** "4. Creating multiple maps" (cards): {@code POST {domain}/external/discount-card/bulk-create/}. */
    @Nested
    class CreatingMultipleCards {

        @Test
        void answersTheDocumentsExampleRequestWithItsExampleAnswerSpelledAsTheDocumentSpellsIt() throws Exception {
            asHub(post(CARDS + "bulk-create/"), """
                    [{"code": "5432109876543", "barcode": "543210987654321098765432", "accumulated_amount": "5000.00",
                      "first_name": "Alice", "last_name": "Johnson", "sex": "f", "date_of_birth": "1992-08-12",
                      "address": "Sample Address 1"},
                     {"code": "6789012345678", "barcode": "678901234567890123456789", "accumulated_amount": "3000.00",
                      "first_name": "Bob", "last_name": "Brown", "sex": "m", "date_of_birth": "1985-03-20",
                      "address": "Sample Address 2"}]""")
                    .andExpect(status().isCreated())
                    .andExpect(content().json("""
                            [{"id": 2, "user_id": null, "code": "5432109876543", "legalentityname": null,
                              "firstname": "Alice", "lastname": "Johnson", "barcode": "543210987654321098765432",
                              "accumulatedamount": "5000.00", "sex": "f", "dateofbirth": "1992-08-12",
                              "address": "Sample Address 1"},
                             {"id": 3, "userid": null, "code": "6789012345678", "legalentityname": null,
                              "firstname": "Bob", "lastname": "Brown", "barcode": "678901234567890123456789",
                              "accumulatedamount": "3000.00", "sex": "m", "dateof_birth": "1985-03-20",
                              "address": "Sample Address 2"}]""", JsonCompareMode.STRICT));
            assertThat(store.journal()).containsExactly(new Write("create", 2, "5432109876543"),
                    new Write("create", 3, "6789012345678"));
            asHub(get(CARDS + "3/")).andExpect(jsonPath("$.date_of_birth").value("1985-03-20"));
        }

        @Test
        void theDocumentsTwoSpellingsTakeTurnsItemByItem() throws Exception {
            asHub(post(CARDS + "bulk-create/"), """
                    [{"code": "A", "barcode": "A", "date_of_birth": "2001-01-01"},
                     {"code": "B", "barcode": "B", "date_of_birth": "2002-02-02"},
                     {"code": "C", "barcode": "C", "date_of_birth": "2003-03-03", "active": true}]""")
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$[0].user_id").value(nullValue()))
                    .andExpect(jsonPath("$[0].dateofbirth").value("2001-01-01"))
                    .andExpect(jsonPath("$[1].userid").value(nullValue()))
                    .andExpect(jsonPath("$[1].dateof_birth").value("2002-02-02"))
                    .andExpect(jsonPath("$[2].user_id").value(nullValue()))
                    .andExpect(jsonPath("$[2].dateofbirth").value("2003-03-03"))
                    .andExpect(jsonPath("$[2].active").value(true));
        }

        @Test
        void aNewCardCarriesNoIdEcomAssignsIt() throws Exception {
            send(post(CARDS + "bulk-create/"), "[{\"id\": 5, \"code\": \"c\", \"barcode\": \"b\"}]")
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("id"));
            assertThat(store.size()).isEqualTo(1);
        }

        @Test
        void appliesNothingWhenOneItemFailsAndUsesUpNoId() throws Exception {
            send(post(CARDS + "bulk-create/"), "[{\"code\": \"a\", \"barcode\": \"A\"}, {\"code\": \"b\"}]")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].index").value(1))
                    .andExpect(jsonPath("$.details[0].field").value("barcode"));
            assertThat(store.size()).isEqualTo(1);
            assertThat(store.journal()).isEmpty();
            createOne("\"first_name\": \"Next\"").andExpect(status().isCreated()).andExpect(jsonPath("$[0].id").value(2));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[{\"code\": \"a\", \"barcode\": ", "{\"code\": \"a\", \"barcode\": \"b\"}", "[]", "",
                "\"cards\"", "[{\"code\": \"a\", \"barcode\": \"b\"}] trailing", "[1]"})
        void aBodyThatIsNotAnArrayOfCardsIsRefused(String body) throws Exception {
            send(post(CARDS + "bulk-create/"), body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
            assertThat(store.journal()).isEmpty();
        }
    }

    /** "5. Update multiple maps" (cards): {@code PUT {domain}/external/discount-card/bulk-update/}. */
    @Nested
    class UpdateMultipleCards {

        /**
         * The document's examples are not one sequence (its bulk-update answer shows card 1 with sex m, born
         * 2006-07-08, which its PUT example had changed), so card 1 and card 2 are first brought to the state that
         * answer implies.
         */
        @Test
        void answersTheDocumentsExampleRequestWithItsExampleAnswer() throws Exception {
            asHub(put(CARDS + "1/"), """
                    {"code": "9876543210987", "barcode": "987654321012345678901234", "address": "New Test Address"}""")
                    .andExpect(status().isOk());
            asHub(post(CARDS + "bulk-create/"), """
                    [{"code": "5432109876543", "barcode": "543210987654321098765432", "accumulated_amount": "5000.00",
                      "first_name": "Alice", "last_name": "Johnson", "sex": "f", "date_of_birth": "1992-08-12",
                      "address": "Sample Address 1"}]""").andExpect(status().isCreated());

            asHub(put(CARDS + "bulk-update/"), """
                    [{"id": 1, "barcode": "987654321012345678901235", "accumulated_amount": "7000.00",
                      "first_name": "John", "last_name": "Doe Updated"},
                     {"id": 2, "barcode": "5432109876543210987654321", "accumulated_amount": "5500.00",
                      "first_name": "Alice Updated"}]""")
                    .andExpect(status().isOk())
                    .andExpect(content().json("""
                            [{"id": 1, "user_id": null, "code": "9876543210987", "legal_entity_name": "Test Company",
                              "first_name": "John", "last_name": "Doe Updated", "barcode": "987654321012345678901235",
                              "accumulated_amount": "7000.00", "sex": "m", "date_of_birth": "2006-07-08",
                              "address": "New Test Address"},
                             {"id": 2, "user_id": null, "code": "5432109876543", "legal_entity_name": null,
                              "first_name": "Alice Updated", "last_name": "Johnson", "barcode": "5432109876543210987654321",
                              "accumulated_amount": "5500.00", "sex": "f", "date_of_birth": "1992-08-12",
                              "address": "Sample Address 1"}]""", JsonCompareMode.STRICT));

            assertThat(store.journal()).containsExactly(new Write("update", 1, "9876543210987"),
                    new Write("create", 2, "5432109876543"), new Write("update", 1, "9876543210987"),
                    new Write("update", 2, "5432109876543"));
            assertThat(store.writesFor("9876543210987", "update")).isEqualTo(2);
        }

        @Test
        void everyItemNeedsItsCardsId() throws Exception {
            send(put(CARDS + "bulk-update/"), "[{\"first_name\": \"X\"}]")
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("id"));
        }

        @Test
        void anUnknownIdRefusesTheWholeRequestAndIsNamed() throws Exception {
            send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"first_name\": \"Changed\"}, {\"id\": 77, \"first_name\": \"X\"}]")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].index").value(1))
                    .andExpect(jsonPath("$.details[0].field").value("id"))
                    .andExpect(jsonPath("$.details[0].message").value(containsString("77")));
            assertThat(store.find(1)).contains(EcomCard.DOCUMENT_EXAMPLE);
            assertThat(store.journal()).isEmpty();
        }

        @Test
        void oneCardTwiceInOneRequestIsRefused() throws Exception {
            send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"first_name\": \"A\"}, {\"id\": 1, \"first_name\": \"B\"}]")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].index").value(1))
                    .andExpect(jsonPath("$.details[0].message").value(containsString("item 0")));
        }

        @Test
        void aBarcodeOfAnotherCardIsRefusedButCardsMaySwapTheirs() throws Exception {
            createOne("\"first_name\": \"Second\"").andExpect(status().isCreated());
            String second = store.find(2).orElseThrow().barcode();
            send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"barcode\": \"" + second + "\"}]")
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].message").value(containsString("card 2")));

            asHub(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"barcode\": \"" + second + "\"},"
                    + " {\"id\": 2, \"barcode\": \"123456789012378476234768\"}]")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].barcode").value(second))
                    .andExpect(jsonPath("$[1].barcode").value("123456789012378476234768"));
        }

        @Test
        void changesOnlyTheFieldsAnItemGives() throws Exception {
            asHub(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"user_id\": 42}]")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].user_id").value(42))
                    .andExpect(jsonPath("$[0].legal_entity_name").value("Test Company"))
                    .andExpect(jsonPath("$[0].first_name").value("John"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"id\": 1}", "[]", "[{\"id\": \"1\"}]", "[{\"id\": 0}]"})
        void aBodyThatIsNotAnArrayOfItemsWithIdsIsRefused(String body) throws Exception {
            send(put(CARDS + "bulk-update/"), body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
            assertThat(store.journal()).isEmpty();
        }
    }

    private ResultActions createOne(String extraFields) throws Exception {
        String barcode = "BC-" + nextBarcode++;
        return send(post(CARDS + "bulk-create/"),
                "[{\"code\": \"C-" + barcode + "\", \"barcode\": \"" + barcode + "\", " + extraFields + "}]");
    }

    /** A call no hub should make (or one the test makes to look): not held to the contract. */
    private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** A call as the hub makes it: it and its answer are held to the contract. */
    private ResultActions asHub(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header(HttpHeaders.USER_AGENT, HUB));
    }

    private ResultActions asHub(MockHttpServletRequestBuilder request, String body) throws Exception {
        return asHub(request.contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
