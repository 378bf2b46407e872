package org.loyaltyhub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaultFilter;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.SandboxProperties;
import org.loyaltyhub.sandbox.codes.CodesDiscountCodeStore;
import org.loyaltyhub.sandbox.codes.CodesSandboxController;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.ecom.EcomSandboxController;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.sandbox.promo.PromoSandboxController;
import org.loyaltyhub.sandbox.wallet.WalletStore;
import org.loyaltyhub.sandbox.wallet.WalletSandboxController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The contract check itself, around the four sandbox vendors without the hub: it passes what the contracts allow,
 * catches what they do not, and looks only at the hub's calls. {@code VendorContractCheckIntegrationTests} shows
 * it is on in every hub test.
 */
public class VendorContractFilterTests {

    static final String HUB = "LoyaltyHub";
    private static final String WALLET_KEY = SandboxProperties.Wallet.DEFAULT_API_KEY;

    private final SandboxFaults faults = new SandboxFaults(Map.of());
    private final VendorContractFilter check = new VendorContractFilter(HUB, faults);
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        ObjectMapper mapper = new ObjectMapper();
        SandboxProperties properties = new SandboxProperties(true, Map.of(), null, null);
        mvc = MockMvcBuilders.standaloneSetup(new EcomSandboxController(new EcomCardStore(), mapper),
                        new CodesSandboxController(new CodesDiscountCodeStore(), mapper),
                        new PromoSandboxController(new PromoCodeBook(), properties, mapper),
                        new WalletSandboxController(new WalletStore(), properties, mapper))
                .addFilter(check, "/sandbox/*").addFilter(new SandboxFaultFilter(faults), "/sandbox/*").build();
    }

    @Test
    void callsTheContractsAllowPass() throws Exception {
        hub(get("/sandbox/ecom/external/discount-card/"));
        hub(post("/sandbox/ecom/external/discount-card/bulk-create/"), """
                [{"code": "5432109876543", "barcode": "B-1", "first_name": "Ann", "accumulated_amount": "5000.00"}]""");
        hub(request(HttpMethod.GET, "/sandbox/codes/api/v2/admin/discount-codes"), """
                {"Where": {}, "Order_By": "Id", "Offset": 0, "Limit": 100}""");
        hub(post("/sandbox/promo/api/v1.1/promocodes/attach"), """
                {"token": "sandbox-promo-token", "db_id": 1, "loyalty_id": 5, "matching": "email", "email": "a@example.com"}""");
        hub(post("/sandbox/wallet/api/v2/customers").header("X-API-Key", WALLET_KEY), """
                {"firstName": "Card 7000000000003", "externalUserId": "7000000000003"}""");
        hub(get("/sandbox/wallet/api/v2/cards").header("X-API-Key", WALLET_KEY));

        assertThat(check.drainViolations()).isEmpty();
    }

    @Test
    void wrongRequestsOfTheHubAreCaughtPerSystem() throws Exception {
        hub(post("/sandbox/ecom/external/discount-card/bulk-create/"), WRONG_ECOM);
        hub(request(HttpMethod.GET, "/sandbox/codes/api/v2/admin/discount-codes"), WRONG_CODES);
        hub(post("/sandbox/promo/api/v1.1/promocodes/attach"), WRONG_PROMO);
        hub(post("/sandbox/wallet/api/v2/cards/896844-833-112/add-scores").header("X-API-Key", WALLET_KEY), WRONG_WALLET);

        assertThat(check.drainViolations()).satisfiesExactly(
                ecom -> assertThat(ecom).startsWith("ecom POST").contains("barcode"),
                codes -> assertThat(codes).startsWith("codes GET").contains("Limit"),
                promo -> assertThat(promo).startsWith("promo POST").contains("fax"),
                wallet -> assertThat(wallet).startsWith("wallet POST").contains("scores"));
        assertThat(check.drainViolations()).as("drained").isEmpty();
    }

    @Test
    void callsOfOtherClientsAreNotChecked() throws Exception {
        mvc.perform(post("/sandbox/ecom/external/discount-card/bulk-create/").contentType(MediaType.APPLICATION_JSON)
                .content(WRONG_ECOM));
        mvc.perform(post("/sandbox/ecom/external/discount-card/bulk-create/").header(HttpHeaders.USER_AGENT, "curl/8")
                .contentType(MediaType.APPLICATION_JSON).content(WRONG_ECOM));

        assertThat(check.drainViolations()).isEmpty();
    }

    @Test
    void underAFaultOnlyTheRequestIsChecked() throws Exception {
        faults.set("ecom", new SandboxFault(500, 1.0, 0L, false, null)); // its answer is not in the contract

        hub(get("/sandbox/ecom/external/discount-card/"));
        assertThat(check.drainViolations()).isEmpty();
        hub(post("/sandbox/ecom/external/discount-card/bulk-create/"), WRONG_ECOM);
        assertThat(check.drainViolations()).singleElement().asString().contains("barcode");
    }

    /** What the hub must never send: a create without the required barcode, a text limit, an unknown mode, text scores. */
    /** Bodies each vendor's contract refuses; VendorContractCheckIntegrationTests sends them through a running hub too. */
    public static final String WRONG_ECOM = "[{\"code\": \"5432109876543\"}]";
    public static final String WRONG_CODES = "{\"Limit\": \"a hundred\"}";
    public static final String WRONG_PROMO = "{\"token\": \"sandbox-promo-token\", \"db_id\": 1, \"loyalty_id\": 5, \"matching\": \"fax\"}";
    public static final String WRONG_WALLET = "{\"scores\": \"ten\"}";

    private void hub(MockHttpServletRequestBuilder call) throws Exception {
        mvc.perform(call.header(HttpHeaders.USER_AGENT, HUB));
    }

    private void hub(MockHttpServletRequestBuilder call, String json) throws Exception {
        hub(call.contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
