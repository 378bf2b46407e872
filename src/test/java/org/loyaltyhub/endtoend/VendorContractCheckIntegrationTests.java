package org.loyaltyhub.endtoend;

import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.VendorContractFilter;
import org.loyaltyhub.support.VendorContractFilterTests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.loyaltyhub.sandbox.SandboxProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The contract check is on in every hub test: a request sent the way the hub sends it (its User-Agent) that breaks
 * a vendor's contract is caught, for each vendor, so the check cannot be silently off.
 */
@HubIntegrationTest
class VendorContractCheckIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    VendorContractFilter check;
    @Value("${camel.component.http.user-agent}")
    String hubUserAgent;

    @Test
    void wrongEcomRequestIsCaught() {
        asTheHub(HttpMethod.POST, "/sandbox/ecom/external/discount-card/bulk-create/", VendorContractFilterTests.WRONG_ECOM);
        assertThat(check.drainViolations()).singleElement().asString().startsWith("ecom POST").contains("barcode");
    }

    @Test
    void wrongCodesRequestIsCaught() {
        asTheHub(HttpMethod.GET, "/sandbox/codes/api/v2/admin/discount-codes", VendorContractFilterTests.WRONG_CODES);
        assertThat(check.drainViolations()).singleElement().asString().startsWith("codes GET").contains("Limit");
    }

    @Test
    void wrongPromoRequestIsCaught() {
        asTheHub(HttpMethod.POST, "/sandbox/promo/api/v1.1/promocodes/attach", VendorContractFilterTests.WRONG_PROMO);
        assertThat(check.drainViolations()).singleElement().asString().startsWith("promo POST").contains("fax");
    }

    @Test
    void wrongWalletRequestIsCaught() {
        asTheHub(HttpMethod.POST, "/sandbox/wallet/api/v2/cards/896844-833-112/add-scores", VendorContractFilterTests.WRONG_WALLET);
        assertThat(check.drainViolations()).singleElement().asString().startsWith("wallet POST").contains("scores");
    }

    private void asTheHub(HttpMethod method, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.USER_AGENT, hubUserAgent);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-API-Key", SandboxProperties.Wallet.DEFAULT_API_KEY);
        http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }
}
