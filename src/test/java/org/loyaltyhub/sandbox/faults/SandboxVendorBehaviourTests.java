package org.loyaltyhub.sandbox.faults;

import org.loyaltyhub.sandbox.SandboxProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.sandbox.codes.CodesDiscountCodeStore;
import org.loyaltyhub.sandbox.codes.CodesSandboxController;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.ecom.EcomSandboxController;
import org.loyaltyhub.sandbox.wallet.WalletSandboxController;
import org.loyaltyhub.sandbox.wallet.WalletStore;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The real-vendor behaviours of {@code _faults} ({@link Mode}): each does to a call what the README says it does. */
class SandboxVendorBehaviourTests {

    private static final String ECOM_FAULTS = "/sandbox/ecom/_faults";
    private static final String BULK_CREATE = "/sandbox/ecom/external/discount-card/bulk-create/";
    private static final String CODES_LIST = "/sandbox/codes/api/v2/admin/discount-codes";
    private static final String WALLET_CUSTOMERS = "/sandbox/wallet/api/v2/customers";

    private final SandboxFaults faults = new SandboxFaults(Map.of());
    private final EcomCardStore ecom = new EcomCardStore();
    private final CodesDiscountCodeStore codes = new CodesDiscountCodeStore();
    private final WalletStore wallet = new WalletStore();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new EcomSandboxController(ecom, json),
                        new CodesSandboxController(codes, json),
                        new WalletSandboxController(wallet, new SandboxProperties(true, Map.of(), null, null), json),
                        new SandboxFaultController(faults, json))
                .addFilter(new SandboxFaultFilter(faults, sleeps::add), "/sandbox/*").build();
    }

    @Test
    void appliedThenHangingTakesEffectAndAnswersOnlyAfterTheClientGaveUp() throws Exception {
        setFault("{\"mode\": \"applied-no-answer\"}");

        createCards(1);

        assertThat(ecom.findAllByCode("C-0")).hasSize(1);
        assertThat(sleeps).containsExactly(SandboxFaultFilter.HANG);
    }

    @Test
    void appliedThenResetTakesEffectAndCutsTheConnection() {
        setFault("{\"mode\": \"applied-no-answer\", \"variant\": \"reset\"}");

        assertThatThrownBy(() -> createCards(1)).hasStackTraceContaining("connection dropped");
        assertThat(ecom.findAllByCode("C-0")).hasSize(1);
    }

    @Test
    void partialBulkWithTheRestAppliedListsHalfAndAppliesAll() throws Exception {
        setFault("{\"mode\": \"partial-bulk\"}");

        createCards(4).andExpect(status().isCreated()).andExpect(jsonPath("$.length()").value(2));

        assertThat(ecom.size()).isEqualTo(1 + 4);
    }

    @Test
    void partialBulkWithTheRestNotAppliedListsAndAppliesHalf() throws Exception {
        setFault("{\"mode\": \"partial-bulk\", \"variant\": \"rest-not-applied\"}");

        createCards(4).andExpect(status().isCreated()).andExpect(jsonPath("$.length()").value(2));

        assertThat(ecom.size()).isEqualTo(1 + 2);
        assertThat(ecom.findAllByCode("C-3")).isEmpty();
    }

    @Test
    void nonAtomicBulkAppliesTheItemsBeforeTheRefusedOne() throws Exception {
        setFault("{\"mode\": \"non-atomic-bulk\"}");

        createCards(3).andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].index").value(2));

        assertThat(ecom.findAllByCode("C-1")).hasSize(1);
        assertThat(ecom.findAllByCode("C-2")).isEmpty();
    }

    @Test
    void duplicatesAcceptedMakeARepeatedCreateASecondCard() throws Exception {
        createCards(1).andExpect(status().isCreated());
        createCards(1).andExpect(status().isBadRequest()); // the document's "Unique" barcode, by default

        setFault("{\"mode\": \"duplicates-accepted\"}");
        createCards(1).andExpect(status().isCreated());

        assertThat(ecom.findAllByCode("C-0")).hasSize(2);
    }

    @Test
    void duplicatesAcceptedMakeARepeatedCodesCreateASecondCodeWithTheSameCode() throws Exception {
        String code = "{\"Code\": \"DUP-1\"}";
        mvc.perform(post(CODES_LIST).contentType(MediaType.APPLICATION_JSON).content(code)).andExpect(status().isCreated());
        mvc.perform(post(CODES_LIST).contentType(MediaType.APPLICATION_JSON).content(code))
                .andExpect(status().isBadRequest()); // a Code belongs to one discount code, by default

        setFault("codes", "{\"mode\": \"duplicates-accepted\"}");
        mvc.perform(post(CODES_LIST).contentType(MediaType.APPLICATION_JSON).content(code)).andExpect(status().isCreated());

        JsonNode items = json.readTree(mvc.perform(get(CODES_LIST)).andReturn().getResponse().getContentAsString()).get("Items");
        assertThat(items.findValuesAsText("Code")).filteredOn("DUP-1"::equals).hasSize(2);
    }

    @Test
    void duplicatesAcceptedMakeARepeatedWalletCreateASecondCustomerWithTheSameExternalUserId() throws Exception {
        String customer = "{\"firstName\": \"Dup\", \"externalUserId\": \"crm-dup\"}";
        createCustomer(customer).andExpect(status().isCreated());
        createCustomer(customer).andExpect(status().isConflict()); // externalUserId is unique, by default

        setFault("wallet", "{\"mode\": \"duplicates-accepted\"}");
        createCustomer(customer).andExpect(status().isCreated());

        assertThat(wallet.customers(null, null)).filteredOn(found -> "crm-dup".equals(found.externalUserId())).hasSize(2);
    }

    @Test
    void droppedBodyMakesTheCodesListAnswerItsDefaultPage() throws Exception {
        String oneCode = "{\"Offset\": 0, \"Limit\": 1}";
        mvc.perform(request(HttpMethod.GET, CODES_LIST).contentType(MediaType.APPLICATION_JSON).content(oneCode))
                .andExpect(jsonPath("$.Items.length()").value(1));

        mvc.perform(put("/sandbox/codes/_faults").contentType(MediaType.APPLICATION_JSON).content("{\"mode\": \"body-dropped\"}"));
        mvc.perform(request(HttpMethod.GET, CODES_LIST).contentType(MediaType.APPLICATION_JSON).content(oneCode))
                .andExpect(jsonPath("$.Items.length()").value(codes.size()));
    }

    @Test
    void nonsenseAnswersTakeEffectAndSayNothingUseful() throws Exception {
        setFault("{\"mode\": \"nonsense\"}");
        assertThat(createCards(1).andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).isEqualTo("{}");
        setFault("{\"mode\": \"nonsense\", \"variant\": \"empty-list\"}");
        assertThat(mvc.perform(get("/sandbox/ecom/external/discount-card/")).andReturn().getResponse().getContentAsString())
                .isEqualTo("[]");
        setFault("{\"mode\": \"nonsense\", \"variant\": \"truncated\"}");
        String cut = mvc.perform(get("/sandbox/ecom/external/discount-card/")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        faults.clear("ecom");
        String whole = mvc.perform(get("/sandbox/ecom/external/discount-card/")).andReturn().getResponse().getContentAsString();
        assertThat(whole).startsWith(cut).hasSizeGreaterThan(cut.length());
        assertThat(ecom.findAllByCode("C-0")).hasSize(1);
    }

    @Test
    void slowDripSendsTheWholeAnswerInPiecesOverTheGivenTime() throws Exception {
        setFault("{\"mode\": \"slow-drip\", \"dripMs\": 2000}");

        MvcResult dripped = mvc.perform(get("/sandbox/ecom/external/discount-card/")).andReturn();

        assertThat(json.readTree(dripped.getResponse().getContentAsString())).hasSize(1);
        assertThat(sleeps).hasSize(10).allMatch(pause -> pause.equals(Duration.ofMillis(200)));
    }

    @Test
    void aFaultWithAPathLeavesTheOtherPathsAlone() throws Exception {
        setFault("{\"status\": 503, \"path\": \"/external/discount-card/bulk-create/\"}");

        mvc.perform(get("/sandbox/ecom/external/discount-card/")).andExpect(status().isOk());
        createCards(1).andExpect(status().isServiceUnavailable());
    }

    @Test
    void aModeIsCheckedWhenSet() throws Exception {
        mvc.perform(put(ECOM_FAULTS).contentType(MediaType.APPLICATION_JSON).content("{\"mode\": \"nonsense\", \"variant\": \"hang\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.details[0].field").value("variant"));
        mvc.perform(put(ECOM_FAULTS).contentType(MediaType.APPLICATION_JSON).content("{\"mode\": \"gremlins\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put(ECOM_FAULTS).contentType(MediaType.APPLICATION_JSON).content("{\"mode\": \"nonsense\", \"status\": 500}"))
                .andExpect(status().isBadRequest());
        assertThat(faults.active("ecom")).isEmpty();
    }

    private void setFault(String fault) {
        setFault("ecom", fault);
    }

    private void setFault(String system, String fault) {
        try {
            mvc.perform(put("/sandbox/" + system + "/_faults").contentType(MediaType.APPLICATION_JSON).content(fault))
                    .andExpect(status().isOk());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cards C-0 … C-(n-1), barcodes B-0 …, in one bulk-create. */
    private org.springframework.test.web.servlet.ResultActions createCards(int count) throws Exception {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"code\": \"C-%d\", \"barcode\": \"B-%d\"}".formatted(i, i));
        }
        return mvc.perform(post(BULK_CREATE).contentType(MediaType.APPLICATION_JSON).content(items.append("]").toString()));
    }

    private org.springframework.test.web.servlet.ResultActions createCustomer(String customer) throws Exception {
        return mvc.perform(post(WALLET_CUSTOMERS).header("X-API-Key", SandboxProperties.Wallet.DEFAULT_API_KEY)
                .contentType(MediaType.APPLICATION_JSON).content(customer));
    }
}
