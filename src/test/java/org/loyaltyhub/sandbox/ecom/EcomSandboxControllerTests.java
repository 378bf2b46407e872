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

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loyaltyhub.sandbox.ecom.EcomCardStore.Write;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The ecom sandbox over HTTP, against the examples of the vendor document and the rules of the contract. */
class EcomSandboxControllerTests {

    private static final String CARDS = "/sandbox/ecom/external/discount-card/";

    private static final String DOCUMENT_CARD = """
            {"id": 1, "user_id": null, "code": "1234567890123", "legal_entity_name": "Test Company",
             "first_name": "John", "last_name": "Doe", "barcode": "123456789012378476234768",
             "accumulated_amount": "5166.00", "sex": "m", "date_of_birth": "2006-07-08", "address": "Test Address"}""";

    private final EcomCardStore store = new EcomCardStore();
    private MockMvc mvc;
    private int nextBarcode = 1;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new EcomSandboxController(store, new ObjectMapper())).build();
    }

    @Test
    void startsWithExactlyTheDocumentsExampleCard() throws Exception {
        mvc.perform(get(CARDS)).andExpect(status().isOk())
                .andExpect(content().json("[" + DOCUMENT_CARD + "]", JsonCompareMode.STRICT));
        mvc.perform(get(CARDS + "1/")).andExpect(status().isOk())
                .andExpect(content().json(DOCUMENT_CARD, JsonCompareMode.STRICT));
    }

    @Test
    void answersTheDocumentsSinglePutWithItsAnswer() throws Exception {
        send(put(CARDS + "1/"), """
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

    /**
     * The document's bulk-create and bulk-update examples give exactly its answers. Its examples are not one
     * consistent sequence (its bulk-update answer shows card 1 with sex m, born 2006-07-08, which its PUT example
     * had changed), so card 1 is first brought to the state that answer implies.
     */
    @Test
    void answersTheDocumentsBulkRequestsWithItsAnswers() throws Exception {
        send(put(CARDS + "1/"), """
                {"code": "9876543210987", "barcode": "987654321012345678901234", "address": "New Test Address"}""")
                .andExpect(status().isOk());

        send(post(CARDS + "bulk-create/"), """
                [{"code": "5432109876543", "barcode": "543210987654321098765432", "accumulated_amount": "5000.00",
                  "first_name": "Alice", "last_name": "Johnson", "sex": "f", "date_of_birth": "1992-08-12",
                  "address": "Sample Address 1"},
                 {"code": "6789012345678", "barcode": "678901234567890123456789", "accumulated_amount": "3000.00",
                  "first_name": "Bob", "last_name": "Brown", "sex": "m", "date_of_birth": "1985-03-20",
                  "address": "Sample Address 2"}]""")
                .andExpect(status().isCreated())
                .andExpect(content().json("""
                        [{"id": 2, "user_id": null, "code": "5432109876543", "legal_entity_name": null,
                          "first_name": "Alice", "last_name": "Johnson", "barcode": "543210987654321098765432",
                          "accumulated_amount": "5000.00", "sex": "f", "date_of_birth": "1992-08-12",
                          "address": "Sample Address 1"},
                         {"id": 3, "user_id": null, "code": "6789012345678", "legal_entity_name": null,
                          "first_name": "Bob", "last_name": "Brown", "barcode": "678901234567890123456789",
                          "accumulated_amount": "3000.00", "sex": "m", "date_of_birth": "1985-03-20",
                          "address": "Sample Address 2"}]""", JsonCompareMode.STRICT));

        send(put(CARDS + "bulk-update/"), """
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

        assertThat(store.journal()).containsExactly(
                new Write("update", 1, "9876543210987"), new Write("create", 2, "5432109876543"),
                new Write("create", 3, "6789012345678"), new Write("update", 1, "9876543210987"),
                new Write("update", 2, "5432109876543"));
        assertThat(store.writesFor("9876543210987", "update")).isEqualTo(2);
        assertThat(store.writesFor("6789012345678", "create")).isEqualTo(1);
        mvc.perform(get(CARDS)).andExpect(jsonPath("$", hasSize(3))).andExpect(jsonPath("$[*].id").value(contains(1, 2, 3)));
    }

    @Test
    void unknownCardIsNotFound() throws Exception {
        mvc.perform(get(CARDS + "99/")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value(containsString("99")));
        send(put(CARDS + "99/"), "{\"code\": \"c\", \"barcode\": \"b\"}").andExpect(status().isNotFound());
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void pathsKeepTheirTrailingSlash() throws Exception {
        mvc.perform(get("/sandbox/ecom/external/discount-card/1")).andExpect(status().isNotFound());
    }

    @Test
    void singlePutRequiresCodeAndBarcode() throws Exception {
        send(put(CARDS + "1/"), "{\"first_name\": \"Jane\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").isString())
                .andExpect(jsonPath("$.details[*].field").value(containsInAnyOrder("code", "barcode")))
                .andExpect(jsonPath("$.details[0].index").doesNotExist());
        send(put(CARDS + "1/"), "{\"code\": \" \", \"barcode\": \"b\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("code"));
        assertThat(store.find(1)).contains(EcomCard.DOCUMENT_EXAMPLE);
    }

    @Test
    void singlePutRefusesAnotherIdInTheBody() throws Exception {
        send(put(CARDS + "1/"), "{\"id\": 2, \"code\": \"c\", \"barcode\": \"b\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("id"));
    }

    @Test
    void moneyGivenAsJsonNumberIsRefused() throws Exception {
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
        createOne("\"accumulated_amount\": \"-12.50\"")
                .andExpect(status().isCreated()).andExpect(jsonPath("$[0].accumulated_amount").value("-12.50"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"sex\": \"x\"", "\"sex\": \"M\"", "\"date_of_birth\": \"2023-02-30\"",
            "\"date_of_birth\": \"08.07.2006\"", "\"date_of_birth\": \"2006-7-8\"", "\"active\": \"yes\"",
            "\"user_id\": \"5\"", "\"first_name\": 7", "\"first_name\": null", "\"code\": 1234"})
    void fieldBreakingTheContractIsRefused(String field) throws Exception {
        String name = field.substring(1, field.indexOf('"', 1));
        createOne(field).andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value(name));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void barcodeOfAnExistingCardIsRefused() throws Exception {
        send(post(CARDS + "bulk-create/"), "[{\"code\": \"c\", \"barcode\": \"123456789012378476234768\"}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0].field").value("barcode"))
                .andExpect(jsonPath("$.details[0].message").value(containsString("card 1")));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void barcodeRepeatedInsideOneBulkIsRefused() throws Exception {
        send(post(CARDS + "bulk-create/"), "[{\"code\": \"a\", \"barcode\": \"X\"}, {\"code\": \"b\", \"barcode\": \"X\"}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details", hasSize(1)))
                .andExpect(jsonPath("$.details[0].index").value(1))
                .andExpect(jsonPath("$.details[0].field").value("barcode"));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void bulkCreateAppliesNothingWhenOneItemFails() throws Exception {
        send(post(CARDS + "bulk-create/"), "[{\"code\": \"a\", \"barcode\": \"A\"}, {\"code\": \"b\"}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0].index").value(1))
                .andExpect(jsonPath("$.details[0].field").value("barcode"));
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.journal()).isEmpty();
        // a refused batch consumes no ids
        createOne("\"first_name\": \"Next\"").andExpect(status().isCreated()).andExpect(jsonPath("$[0].id").value(2));
    }

    @Test
    void bulkUpdateAppliesNothingWhenAnIdIsUnknownAndNamesIt() throws Exception {
        send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"first_name\": \"Changed\"}, {\"id\": 77, \"first_name\": \"X\"}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0].index").value(1))
                .andExpect(jsonPath("$.details[0].field").value("id"))
                .andExpect(jsonPath("$.details[0].message").value(containsString("77")));
        assertThat(store.find(1)).contains(EcomCard.DOCUMENT_EXAMPLE);
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void bulkUpdateItemsNeedAnId() throws Exception {
        send(put(CARDS + "bulk-update/"), "[{\"first_name\": \"X\"}]")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("id"));
    }

    @Test
    void bulkUpdateRefusesABarcodeOfAnotherCardButAllowsASwap() throws Exception {
        createOne("\"first_name\": \"Second\"").andExpect(status().isCreated());
        String second = store.find(2).orElseThrow().barcode();
        send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"barcode\": \"" + second + "\"}]")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].message").value(containsString("card 2")));

        send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"barcode\": \"" + second + "\"},"
                + " {\"id\": 2, \"barcode\": \"123456789012378476234768\"}]")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].barcode").value(second))
                .andExpect(jsonPath("$[1].barcode").value("123456789012378476234768"));
    }

    @Test
    void bulkUpdateClearsNullableFieldsGivenAsNull() throws Exception {
        send(put(CARDS + "bulk-update/"), "[{\"id\": 1, \"legal_entity_name\": null, \"user_id\": 42}]")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].legal_entity_name").value(nullValue()))
                .andExpect(jsonPath("$[0].user_id").value(42))
                .andExpect(jsonPath("$[0].first_name").value("John"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"code\": \"a\", \"barcode\": ", "{\"code\": \"a\", \"barcode\": \"b\"}", "[]", "",
            "\"cards\"", "[{\"code\": \"a\", \"barcode\": \"b\"}] trailing", "[1]"})
    void bulkBodyThatIsNotAnArrayOfCardsIsRefused(String body) throws Exception {
        send(post(CARDS + "bulk-create/"), body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
        send(put(CARDS + "bulk-update/"), body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void malformedJsonIsNamedAsSuch() throws Exception {
        send(put(CARDS + "1/"), "{\"code\": ").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(startsWith("malformed JSON")));
    }

    @Test
    void aliasSpellingsOfTheDocumentAreAcceptedAndAnsweredCanonically() throws Exception {
        send(post(CARDS + "bulk-create/"), """
                [{"code": "A1", "barcode": "B1", "userid": 7, "legalentityname": "ACME", "firstname": "Ann",
                  "lastname": "Lee", "accumulatedamount": "10.00", "dateofbirth": "2000-01-02", "addresses": "Main St"},
                 {"code": "A2", "barcode": "B2", "dateof_birth": "2001-03-04"}]""")
                .andExpect(status().isCreated())
                .andExpect(content().json("""
                        [{"id": 2, "user_id": 7, "code": "A1", "legal_entity_name": "ACME", "first_name": "Ann",
                          "last_name": "Lee", "barcode": "B1", "accumulated_amount": "10.00",
                          "date_of_birth": "2000-01-02", "address": "Main St"},
                         {"id": 3, "user_id": null, "code": "A2", "legal_entity_name": null, "barcode": "B2",
                          "date_of_birth": "2001-03-04"}]""", JsonCompareMode.STRICT));
    }

    @Test
    void twoSpellingsOfOneFieldMustAgree() throws Exception {
        createOne("\"first_name\": \"Ann\", \"firstname\": \"Bob\"")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("first_name"));
        createOne("\"first_name\": \"Ann\", \"firstname\": \"Ann\"").andExpect(status().isCreated());
    }

    @Test
    void activeIsAnsweredOnlyOnceSet() throws Exception {
        createOne("\"active\": false").andExpect(status().isCreated()).andExpect(jsonPath("$[0].active").value(false));
        mvc.perform(get(CARDS + "1/")).andExpect(jsonPath("$.active").doesNotExist());
    }

    private ResultActions createOne(String extraFields) throws Exception {
        String barcode = "BC-" + nextBarcode++;
        return send(post(CARDS + "bulk-create/"),
                "[{\"code\": \"C-" + barcode + "\", \"barcode\": \"" + barcode + "\", " + extraFields + "}]");
    }

    private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
