package org.loyaltyhub.sandbox.codes;

import static org.assertj.core.api.Assertions.assertThat;
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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The codes sandbox over HTTP, against the contract (codes.openapi.yaml) and the rules it adds. */
class CodesSandboxControllerTests {

    private static final String CODES = "/sandbox/codes/api/v2/admin/discount-codes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CodesDiscountCodeStore store = new CodesDiscountCodeStore();
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new CodesSandboxController(store, JSON)).build();
    }

    @Test
    void startsWithThreeSeededCodesListedByIdWithoutABody() throws Exception {
        mvc.perform(get(CODES)).andExpect(status().isOk())
                .andExpect(jsonPath("$.TotalItemsCount").value(3))
                .andExpect(jsonPath("$.Items[*].Id").value(org.hamcrest.Matchers.contains(1, 2, 3)))
                .andExpect(jsonPath("$.Items[1].Code").value("FIXED50"))
                .andExpect(jsonPath("$.Items[1].Catalogs").value(org.hamcrest.Matchers.contains(3, 7)));
    }

    @Test
    void createGetUpdateDeleteFollowTheContract() throws Exception {
        String created = send(post(CODES), """
                {"Code": "NEW10", "Type": "Percentage", "Description": "new", "Currency": "MDL", "Enabled": true,
                 "Amount": 10.50, "MinOrderCostLimitation": 0, "UseExpireAfterRedemption": true, "ExpireAfter": 7,
                 "ReleaseDateTime": "2024-05-22T14:42:28.074Z", "ExpiryDateTime": "2024-06-22T14:42:28.074Z",
                 "Catalogs": [0], "ApplyDiscountToCatalogs": true}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.Id").value(4))
                .andReturn().getResponse().getContentAsString();
        assertThat(created).contains("\"Amount\":10.50"); // the scale as sent: a BigDecimal, never a double
        assertThat(store.find(4).orElseThrow().amount()).isEqualTo(new BigDecimal("10.50"));

        mvc.perform(get(CODES + "/4")).andExpect(status().isOk()).andExpect(content().json(created, JsonCompareMode.STRICT));

        send(put(CODES + "/4"), "{\"Code\": \"NEW10\", \"Type\": \"Fixed\", \"Amount\": 5}")
                .andExpect(status().isOk())
                .andExpect(content().json("{\"Id\": 4, \"Code\": \"NEW10\", \"Type\": \"Fixed\", \"Amount\": 5}", JsonCompareMode.STRICT));

        mvc.perform(delete(CODES + "/4")).andExpect(status().isNoContent()).andExpect(content().string(""));
        mvc.perform(get(CODES + "/4")).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").isString());
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void unknownIdsAre404() throws Exception {
        mvc.perform(get(CODES + "/99")).andExpect(status().isNotFound());
        send(put(CODES + "/99"), "{\"Code\": \"X\"}").andExpect(status().isNotFound());
        mvc.perform(delete(CODES + "/99")).andExpect(status().isNotFound());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"Code\": \"A\", \"Amount\": \"10\"}",
            "{\"Code\": \"A\", \"Amount\": -1}",
            "{\"Code\": \"A\", \"MinOrderCostLimitation\": true}",
            "{\"Code\": \"A\", \"Enabled\": \"yes\"}",
            "{\"Code\": \"A\", \"ExpireAfter\": 1.5}",
            "{\"Code\": \"A\", \"Catalogs\": [\"x\"]}",
            "{\"Code\": \"A\", \"ReleaseDateTime\": \"yesterday\"}",
            "{\"Code\": \"A\", \"Type\": 3}",
            "{\"code\": \"A\"}",
            "{\"Type\": \"Fixed\"}",
            "{\"Code\": \"  \"}",
            "[]", "{\"Code\": ", ""})
    void badBodiesAre400WithAJsonMessage(String body) throws Exception {
        send(post(CODES), body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void refusalNamesTheField() throws Exception {
        send(post(CODES), "{\"Code\": \"A\", \"Amount\": \"ten\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0].field").value("Amount"))
                .andExpect(jsonPath("$.details[0].message").value(containsString("must be a number")));
    }

    @Test
    void typeIsFreeText() throws Exception {
        send(post(CODES), "{\"Code\": \"SHIP\", \"Type\": \"Free shipping\"}").andExpect(status().isCreated());
    }

    @Test
    void codeIsUniqueOnCreateAndUpdate() throws Exception {
        send(post(CODES), "{\"Code\": \"WELCOME10\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0].field").value("Code"));
        send(put(CODES + "/2"), "{\"Code\": \"WELCOME10\"}").andExpect(status().isBadRequest());
        send(put(CODES + "/1"), "{\"Code\": \"WELCOME10\", \"Amount\": 12}").andExpect(status().isOk()); // its own code
        send(put(CODES + "/1"), "{\"Code\": \"RENAMED\"}").andExpect(status().isOk());
        send(post(CODES), "{\"Code\": \"WELCOME10\"}").andExpect(status().isCreated()); // freed by the rename
    }

    @Test
    void putWithAnotherIdInTheBodyIsRefused() throws Exception {
        send(put(CODES + "/1"), "{\"Id\": 2, \"Code\": \"WELCOME10\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0].field").value("Id"));
    }

    @Test
    void twoHundredFiftyCodesComeInThreePagesOfAtMostOneHundred() throws Exception {
        store.clear();
        for (int i = 0; i < 250; i++) {
            send(post(CODES), "{\"Code\": \"BULK-" + i + "\", \"Amount\": " + (i % 7) + "}").andExpect(status().isCreated());
        }
        List<Long> seen = new ArrayList<>();
        int[] sizes = new int[3];
        for (int page = 0; page < 3; page++) {
            JsonNode answer = list("{\"Where\": {}, \"Order_By\": \"Id\", \"Offset\": " + (page * 100) + ", \"Limit\": 100}");
            assertThat(answer.get("TotalItemsCount").intValue()).isEqualTo(250);
            sizes[page] = answer.get("Items").size();
            answer.get("Items").forEach(item -> seen.add(item.get("Id").longValue()));
        }
        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(new HashSet<>(seen)).hasSize(250); // no duplicates
        assertThat(seen).hasSize(250).isSorted(); // none missing, stable order
        assertThat(list("{\"Offset\": 300, \"Limit\": 100}").get("Items")).isEmpty();
    }

    @Test
    void defaultOrderIsStableByIdForEveryPage() throws Exception {
        store.clear();
        for (int i = 0; i < 30; i++) {
            send(post(CODES), "{\"Code\": \"C" + i + "\", \"Amount\": 1}").andExpect(status().isCreated());
        }
        Set<Long> ids = new HashSet<>();
        for (int offset = 0; offset < 30; offset += 7) {
            list("{\"Offset\": " + offset + ", \"Limit\": 7, \"Order_By\": \"Amount\"}").get("Items")
                    .forEach(item -> assertThat(ids.add(item.get("Id").longValue())).isTrue());
        }
        assertThat(ids).hasSize(30); // equal Amounts are ordered by Id, so pages neither overlap nor skip
    }

    @Test
    void orderByAPropertyAscendingOrDescending() throws Exception {
        assertThat(ids(list("{\"Order_By\": \"Code\"}"))).containsExactly(2L, 3L, 1L);
        assertThat(ids(list("{\"Order_By\": \"Amount desc\"}"))).containsExactly(2L, 3L, 1L);
        assertThat(ids(list("{\"Order_By\": \"Id DESC\"}"))).containsExactly(3L, 2L, 1L);
    }

    @Test
    void whereFiltersByEqualityAndCountsOnlyMatches() throws Exception {
        JsonNode enabledPercent = list("{\"Where\": {\"Enabled\": true, \"Type\": \"Percentage\"}}");
        assertThat(ids(enabledPercent)).containsExactly(1L);
        assertThat(enabledPercent.get("TotalItemsCount").intValue()).isEqualTo(1);
        assertThat(ids(list("{\"Where\": {\"Amount\": 50}}"))).containsExactly(2L); // 50 equals 50.00
        assertThat(ids(list("{\"Where\": {\"Catalogs\": [3, 7]}}"))).containsExactly(2L);
        assertThat(ids(list("{\"Where\": {\"Currency\": \"EUR\"}}"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"Where\": {\"Nope\": 1}}", "{\"Where\": {\"Amount\": {\">\": 1}}}", "{\"Where\": []}",
            "{\"Order_By\": \"Nope\"}", "{\"Order_By\": \"Id sideways\"}", "{\"Order_By\": 1}",
            "{\"Offset\": -1}", "{\"Limit\": \"100\"}", "{\"Page\": 1}", "[1]"})
    void unsupportedQueriesAre400(String query) throws Exception {
        send(get(CODES), query).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
    }

    @Test
    void limitZeroAnswersOnlyTheCount() throws Exception {
        send(get(CODES), "{\"Limit\": 0}").andExpect(status().isOk())
                .andExpect(jsonPath("$.Items", hasSize(0))).andExpect(jsonPath("$.TotalItemsCount").value(3));
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
