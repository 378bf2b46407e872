package org.loyaltyhub.sandbox.codes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The codes sandbox over HTTP, one nested class per operation of its document
 * ({@code shared/vendor-apis/codes-discount-code-admin.txt}): each documented request is sent verbatim and its
 * answer compared with the document's, and the readings of NOTES.md are checked where the document is silent.
 */
class CodesSandboxControllerTests {

    private static final String CODES = "/sandbox/codes/api/v2/admin/discount-codes";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** GET list, "Data", verbatim: note the trailing comma. */
    static final String LIST_QUERY_AS_PRINTED = """
            {
                "Where" : {},
                "Order_By" : "Id",
                "Offset" : 0,
                "Limit" : 100,
            }""";
    /** GET list, "Response", verbatim. */
    static final String LIST_ANSWER = """
            {
              "Items": [
                {
                  "Id": 0,
                  "Code": "string",
                  "Type": "string",
                  "Description": "string",
                  "Currency": "string",
                  "Enabled": true,
                  "Amount": 0,
                  "MinOrderCostLimitation": 0,
                  "UseExpireAfterRedemption": true,
                  "ExpireAfter": 0,
                  "ReleaseDateTime": "2024-05-22T14:42:20.019Z",
                  "ExpiryDateTime": "2024-05-22T14:42:20.019Z",
                  "Catalogs": [
                    0
                  ],
                  "ApplyDiscountToCatalogs": true
                }
              ],
              "TotalItemsCount": 0
            }""";
    /** POST create, "Data", verbatim. */
    static final String CREATE_BODY = """
            {
              "Code": "string",
              "Type": "string",
              "Description": "string",
              "Currency": "string",
              "Enabled": true,
              "Amount": 0,
              "MinOrderCostLimitation": 0,
              "UseExpireAfterRedemption": true,
              "ExpireAfter": 0,
              "ReleaseDateTime": "2024-05-22T14:42:28.074Z",
              "ExpiryDateTime": "2024-05-22T14:42:28.074Z",
              "Catalogs": [
                0
              ],
              "ApplyDiscountToCatalogs": true
            }""";
    /** POST create, GET item and PUT update, "Response", verbatim (the three are alike). */
    static final String CODE_ANSWER = """
            {
              "Id": 0,
              "Code": "string",
              "Type": "string",
              "Description": "string",
              "Currency": "string",
              "Enabled": true,
              "Amount": 0,
              "MinOrderCostLimitation": 0,
              "UseExpireAfterRedemption": true,
              "ExpireAfter": 0,
              "ReleaseDateTime": "2024-05-22T14:42:37.087Z",
              "ExpiryDateTime": "2024-05-22T14:42:37.087Z",
              "Catalogs": [
                0
              ],
              "ApplyDiscountToCatalogs": true
            }""";
    /** PUT update, "Data", verbatim. */
    static final String UPDATE_BODY = CREATE_BODY.replace("2024-05-22T14:42:28.074Z", "2024-05-22T14:42:46.464Z");

    private final CodesDiscountCodeStore store = new CodesDiscountCodeStore();
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new CodesSandboxController(store, JSON)).build();
    }

    /** "GET Ecommerce Discount Codes List": {@code /api/v2/admin/discount-codes} with the query as the body. */
    @Nested
    class GetDiscountCodesList {

        @Test
        void theDocumentsQueryAnswersTheDocumentsShape() throws Exception {
            store.clear();
            long id = created(CREATE_BODY.replace("2024-05-22T14:42:28.074Z", "2024-05-22T14:42:20.019Z"));

            ObjectNode expected = (ObjectNode) JSON.readTree(LIST_ANSWER);
            ((ObjectNode) expected.get("Items").get(0)).put("Id", id);
            expected.put("TotalItemsCount", 1); // the document's 0 beside one item is a placeholder
            send(get(CODES), LIST_QUERY_AS_PRINTED.replace("100,", "100")) // the corrected object
                    .andExpect(status().isOk()).andExpect(content().json(expected.toString(), JsonCompareMode.STRICT));
        }

        @Test
        void theQueryAsPrintedWithItsTrailingCommaIsMalformedJson() throws Exception {
            send(get(CODES), LIST_QUERY_AS_PRINTED).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value(containsString("malformed JSON")));
        }

        @Test
        void withoutABodyTheDefaultQueryListsEveryCodeById() throws Exception {
            mvc.perform(get(CODES)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.TotalItemsCount").value(3))
                    .andExpect(jsonPath("$.Items[*].Id").value(contains(1, 2, 3)))
                    .andExpect(jsonPath("$.Items[1].Code").value("FIXED50"))
                    .andExpect(jsonPath("$.Items[1].Catalogs").value(contains(3, 7)));
            send(get(CODES), "").andExpect(jsonPath("$.TotalItemsCount").value(3));
            send(get(CODES), "{}").andExpect(jsonPath("$.Items", hasSize(3)));
        }

        @Test
        void anEmptyPageStillHasItems() throws Exception {
            store.clear();
            send(get(CODES), "{}").andExpect(content().json("{\"Items\": [], \"TotalItemsCount\": 0}", JsonCompareMode.STRICT));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"Where\": {\"Enabled\": true}}", "{\"Where\": {\"Amount\": {\">\": 1}}}", "{\"Where\": []}",
                "{\"Where\": \"Enabled = true\"}", "{\"Where\": null}"})
        void anyWhereButTheDocumentedEmptyOneIsRefused(String query) throws Exception {
            send(get(CODES), query).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value(containsString("no grammar")));
        }

        @Test
        void orderByNamesOnePropertyAscendingWithTiesById() throws Exception {
            assertThat(ids(list("{\"Order_By\": \"Code\"}"))).containsExactly(2L, 3L, 1L); // FIXED50, SPRING15, WELCOME10
            assertThat(ids(list("{\"Order_By\": \"Amount\"}"))).containsExactly(1L, 3L, 2L); // 10, 15, 50.00
            assertThat(ids(list("{\"Order_By\": \"Enabled\"}"))).containsExactly(3L, 1L, 2L); // false first, then by Id
        }

        @Test
        void codesWithoutThePropertyComeFirst() throws Exception {
            long bare = created("{\"Code\": \"BARE\"}");
            assertThat(ids(list("{\"Order_By\": \"Amount\"}"))).containsExactly(bare, 1L, 3L, 2L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"Order_By\": \"Amount desc\"}", "{\"Order_By\": \"Id DESC\"}", "{\"Order_By\": \"id\"}",
                "{\"Order_By\": \"Catalogs\"}", "{\"Order_By\": \"Nope\"}", "{\"Order_By\": 1}", "{\"Order_By\": null}"})
        void anOrderByTheDocumentGivesNoMeaningIsRefused(String query) throws Exception {
            send(get(CODES), query).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value(containsString("Order_By")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"Offset\": -1}", "{\"Offset\": 1.5}", "{\"Limit\": \"100\"}", "{\"Limit\": -1}",
                "{\"Limit\": null}", "[1]"})
        void offsetAndLimitAreIntegersOfAtLeastZero(String query) throws Exception {
            send(get(CODES), query).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
        }

        @Test
        void aPropertyTheQueryDoesNotShowIsIgnored() throws Exception {
            assertThat(ids(list("{\"Page\": 2, \"limit\": 1}"))).containsExactly(1L, 2L, 3L);
        }

        @Test
        void limitZeroAnswersOnlyTheCountAndAnOffsetPastTheEndNoItems() throws Exception {
            send(get(CODES), "{\"Limit\": 0}").andExpect(status().isOk())
                    .andExpect(jsonPath("$.Items", hasSize(0))).andExpect(jsonPath("$.TotalItemsCount").value(3));
            send(get(CODES), "{\"Offset\": 3}").andExpect(jsonPath("$.Items", hasSize(0))).andExpect(jsonPath("$.TotalItemsCount").value(3));
        }

        @Test
        void twoHundredFiftyCodesComeInThreePagesWithoutOverlapOrGap() throws Exception {
            store.clear();
            for (int i = 0; i < 250; i++) {
                created("{\"Code\": \"BULK-" + i + "\", \"Amount\": " + (i % 7) + "}");
            }
            List<Long> seen = new ArrayList<>();
            int[] sizes = new int[3];
            for (int page = 0; page < 3; page++) {
                JsonNode answer = list("{\"Where\": {}, \"Order_By\": \"Id\", \"Offset\": " + (page * 100) + ", \"Limit\": 100}");
                assertThat(answer.get("TotalItemsCount").intValue()).isEqualTo(250);
                sizes[page] = answer.get("Items").size();
                seen.addAll(ids(answer));
            }
            assertThat(sizes).containsExactly(100, 100, 50);
            assertThat(new HashSet<>(seen)).hasSize(250);
            assertThat(seen).hasSize(250).isSorted();
        }

        @Test
        void equalValuesAreOrderedByIdSoPagesAreStable() throws Exception {
            store.clear();
            for (int i = 0; i < 30; i++) {
                created("{\"Code\": \"C" + i + "\", \"Amount\": 1}");
            }
            Set<Long> ids = new HashSet<>();
            for (int offset = 0; offset < 30; offset += 7) {
                ids(list("{\"Offset\": " + offset + ", \"Limit\": 7, \"Order_By\": \"Amount\"}"))
                        .forEach(id -> assertThat(ids.add(id)).isTrue());
            }
            assertThat(ids).hasSize(30);
        }
    }

    /** "POST Ecommerce Discount Code Create": {@code /api/v2/admin/discount-codes}. */
    @Nested
    class PostDiscountCodeCreate {

        @Test
        void theDocumentsBodyIsCreatedAndAnsweredAsTheDocumentsAnswer() throws Exception {
            ObjectNode expected = (ObjectNode) JSON.readTree(CODE_ANSWER.replace("2024-05-22T14:42:37.087Z", "2024-05-22T14:42:28.074Z"));
            expected.put("Id", 4); // after the three seeded codes

            String answer = send(post(CODES), CREATE_BODY).andExpect(status().isCreated())
                    .andExpect(content().json(expected.toString(), JsonCompareMode.STRICT))
                    .andReturn().getResponse().getContentAsString();
            assertThat(answer).startsWith("{\"Id\":4,\"Code\":\"string\",\"Type\""); // the document's order
        }

        @Test
        void noPropertyIsRequired() throws Exception {
            send(post(CODES), "{}").andExpect(status().isCreated()).andExpect(content().json("{\"Id\": 4}", JsonCompareMode.STRICT));
            send(post(CODES), "{\"Type\": \"Fixed\"}").andExpect(status().isCreated())
                    .andExpect(content().json("{\"Id\": 5, \"Type\": \"Fixed\"}", JsonCompareMode.STRICT));
        }

        @Test
        void amountsKeepTheirScaleAndNeedNoSign() throws Exception {
            String answer = send(post(CODES), "{\"Code\": \"NEG\", \"Amount\": -10.50, \"MinOrderCostLimitation\": 0.000, \"ExpireAfter\": -1}")
                    .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
            assertThat(answer).contains("\"Amount\":-10.50").contains("\"MinOrderCostLimitation\":0.000").contains("\"ExpireAfter\":-1");
            assertThat(store.findByCode("NEG").orElseThrow().amount()).isEqualTo(new BigDecimal("-10.50"));
        }

        @Test
        void typeAndCurrencyAreFreeText() throws Exception {
            send(post(CODES), "{\"Code\": \"SHIP\", \"Type\": \"Free shipping\", \"Currency\": \"lei\"}").andExpect(status().isCreated());
        }

        @Test
        void dateTimesWithAnOffsetAreKeptAsWritten() throws Exception {
            send(post(CODES), "{\"Code\": \"TZ\", \"ReleaseDateTime\": \"2024-05-22T16:42:20+02:00\"}").andExpect(status().isCreated())
                    .andExpect(jsonPath("$.ReleaseDateTime").value("2024-05-22T16:42:20+02:00"));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"Amount\": \"10\"}", "{\"MinOrderCostLimitation\": true}", "{\"Enabled\": \"yes\"}",
                "{\"ExpireAfter\": 1.5}", "{\"Catalogs\": [\"x\"]}", "{\"Catalogs\": 3}", "{\"Type\": 3}",
                "{\"ReleaseDateTime\": \"yesterday\"}", "{\"ExpiryDateTime\": \"2024-05-22T14:42:28.074\"}",
                "{\"Code\": null}", "{\"Description\": null}",
                "[]", "{\"Code\": ", ""})
        void whatTheContractRefusesIs400(String body) throws Exception {
            send(post(CODES), body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
            assertThat(store.size()).isEqualTo(3);
        }

        @Test
        void aRefusalNamesEveryOffendingProperty() throws Exception {
            send(post(CODES), "{\"Amount\": \"ten\", \"ReleaseDateTime\": \"2024-05-22T14:42:28\"}").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value("Amount"))
                    .andExpect(jsonPath("$.details[0].message").value(containsString("must be a number")))
                    .andExpect(jsonPath("$.details[1].field").value("ReleaseDateTime"))
                    .andExpect(jsonPath("$.details[1].message").value(containsString("offset")));
        }

        @Test
        void propertiesTheBodyDoesNotShowAreIgnoredIdIncluded() throws Exception {
            send(post(CODES), "{\"Id\": 99, \"code\": \"lower\", \"Code\": \"KEPT\", \"Extra\": 1}").andExpect(status().isCreated())
                    .andExpect(content().json("{\"Id\": 4, \"Code\": \"KEPT\"}", JsonCompareMode.STRICT));
            assertThat(store.find(99)).isEmpty();
        }

        @Test
        void aCodeBelongsToOneDiscountCode() throws Exception {
            send(post(CODES), "{\"Code\": \"WELCOME10\"}").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value("Code"));
            send(post(CODES), "{\"Code\": \"welcome10\"}").andExpect(status().isCreated()); // case matters
            send(post(CODES), "{\"Type\": \"Fixed\"}").andExpect(status().isCreated());
            send(post(CODES), "{\"Type\": \"Fixed\"}").andExpect(status().isCreated()); // codes without Code are not compared
        }
    }

    /** "GET Ecommerce Discount Code Item": {@code /api/v2/admin/discount-codes/{id}}, no request data. */
    @Nested
    class GetDiscountCodeItem {

        @Test
        void aCodeHoldingTheDocumentsValuesIsAnsweredAsTheDocumentsAnswer() throws Exception {
            long id = created(CREATE_BODY.replace("2024-05-22T14:42:28.074Z", "2024-05-22T14:42:37.087Z"));

            mvc.perform(get(CODES + "/" + id)).andExpect(status().isOk()).andExpect(content().json(
                    ((ObjectNode) JSON.readTree(CODE_ANSWER)).put("Id", id).toString(), JsonCompareMode.STRICT));
        }

        @Test
        void anUnknownIdIs404AndANonIntegerOne400() throws Exception {
            mvc.perform(get(CODES + "/99")).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("no discount code with id 99"));
            mvc.perform(get(CODES + "/abc")).andExpect(status().isBadRequest());
        }
    }

    /** "PUT Ecommerce Discount Code Update": {@code /api/v2/admin/discount-codes/{id}} with the full object. */
    @Nested
    class PutDiscountCodeUpdate {

        @Test
        void theDocumentsBodyReplacesTheCodeAndIsAnsweredAsTheDocumentsAnswer() throws Exception {
            String expected = ((ObjectNode) JSON.readTree(CODE_ANSWER.replace("2024-05-22T14:42:37.087Z", "2024-05-22T14:42:46.464Z")))
                    .put("Id", 2).toString();

            send(put(CODES + "/2"), UPDATE_BODY).andExpect(status().isOk()).andExpect(content().json(expected, JsonCompareMode.STRICT));
            mvc.perform(get(CODES + "/2")).andExpect(content().json(expected, JsonCompareMode.STRICT));
        }

        @Test
        void itIsAFullReplaceWhatTheBodyLeavesOutIsNotSetAfterwards() throws Exception {
            send(put(CODES + "/2"), "{\"Code\": \"FIXED50\", \"Amount\": 5}").andExpect(status().isOk())
                    .andExpect(content().json("{\"Id\": 2, \"Code\": \"FIXED50\", \"Amount\": 5}", JsonCompareMode.STRICT));
        }

        @Test
        void anIdInTheBodyIsIgnoredThePathNamesTheCode() throws Exception {
            send(put(CODES + "/1"), "{\"Id\": 2, \"Code\": \"WELCOME10\", \"Amount\": 12}").andExpect(status().isOk())
                    .andExpect(jsonPath("$.Id").value(1));
            assertThat(store.find(2).orElseThrow().code()).isEqualTo("FIXED50");
        }

        @Test
        void theCodeStaysUniqueAcrossUpdates() throws Exception {
            send(put(CODES + "/2"), "{\"Code\": \"WELCOME10\"}").andExpect(status().isBadRequest());
            send(put(CODES + "/1"), "{\"Code\": \"WELCOME10\", \"Amount\": 12}").andExpect(status().isOk()); // its own
            send(put(CODES + "/1"), "{\"Code\": \"RENAMED\"}").andExpect(status().isOk());
            send(post(CODES), "{\"Code\": \"WELCOME10\"}").andExpect(status().isCreated()); // freed by the rename
        }

        @Test
        void anUnknownIdIs404AndNothingIsCreated() throws Exception {
            send(put(CODES + "/99"), "{\"Code\": \"X\"}").andExpect(status().isNotFound());
            assertThat(store.findByCode("X")).isEmpty();
        }

        @Test
        void theBodyIsCheckedAsACreatesIs() throws Exception {
            send(put(CODES + "/1"), "{\"Amount\": \"12\"}").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.details[0].field").value("Amount"));
        }
    }

    /** "DELETE Ecommerce Discount Code Delete": {@code /api/v2/admin/discount-codes/{id}}, "Status 204". */
    @Nested
    class DeleteDiscountCodeDelete {

        @Test
        void deleteIsStatus204WithNoBody() throws Exception {
            mvc.perform(delete(CODES + "/3")).andExpect(status().isNoContent()).andExpect(content().string(""));
            mvc.perform(get(CODES + "/3")).andExpect(status().isNotFound());
            assertThat(store.size()).isEqualTo(2);
        }

        @Test
        void anUnknownIdIs404AndADeletedIdIsNeverGivenAgain() throws Exception {
            mvc.perform(delete(CODES + "/99")).andExpect(status().isNotFound());
            long id = created("{\"Code\": \"GONE\"}");
            mvc.perform(delete(CODES + "/" + id)).andExpect(status().isNoContent());
            assertThat(created("{\"Code\": \"GONE\"}")).isEqualTo(id + 1);
        }
    }

    private long created(String body) throws Exception {
        String answer = send(post(CODES), body).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JSON.readTree(answer).get("Id").longValue();
    }

    private JsonNode list(String query) throws Exception {
        String body = send(get(CODES), query).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return JSON.readTree(body);
    }

    private static List<Long> ids(JsonNode answer) {
        List<Long> ids = new ArrayList<>();
        answer.get("Items").forEach(item -> ids.add(item.get("Id").longValue()));
        return ids;
    }

    private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
