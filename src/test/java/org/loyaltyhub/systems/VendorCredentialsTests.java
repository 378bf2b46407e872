package org.loyaltyhub.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Each kind of vendor credential, added to the request that goes to its system and to no other. */
class VendorCredentialsTests {

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("hub.systems.shop.base-url", "https://vendor.example.com/shop/")
            .withProperty("hub.systems.shop.auth.type", "api-key")
            .withProperty("hub.systems.shop.auth.name", "X-Shop-Key")
            .withProperty("hub.systems.shop.auth.secret", "shop-secret")
            .withProperty("hub.systems.shopadmin.base-url", "https://vendor.example.com/shopadmin")
            .withProperty("hub.systems.shopadmin.auth.type", "bearer")
            .withProperty("hub.systems.shopadmin.auth.secret", "admin-secret")
            .withProperty("hub.systems.codes.base-url", "https://codes.example.com")
            .withProperty("hub.systems.codes.auth.type", "query")
            .withProperty("hub.systems.codes.auth.secret", "a b&c")
            .withProperty("hub.systems.crm.base-url", "https://crm.example.com/api")
            .withProperty("hub.systems.crm.auth.type", "basic")
            .withProperty("hub.systems.crm.auth.username", "hub")
            .withProperty("hub.systems.crm.auth.secret", "crm-secret")
            .withProperty("hub.systems.open.base-url", "https://open.example.com");
    private final VendorCredentials credentials = new VendorCredentials(environment);

    @Test
    void eachRequestGetsTheCredentialOfTheSystemWhoseBaseUrlItStartsWith() {
        BasicHttpRequest shop = request("POST", "https://vendor.example.com/shop/cards");
        credentials.authenticate(shop);
        assertThat(shop.getFirstHeader("X-Shop-Key").getValue()).isEqualTo("shop-secret");
        assertThat(shop.getFirstHeader("Authorization")).isNull();

        BasicHttpRequest admin = request("GET", "https://vendor.example.com/shopadmin/codes");
        credentials.authenticate(admin);
        assertThat(admin.getFirstHeader("Authorization").getValue()).isEqualTo("Bearer admin-secret");
        assertThat(admin.getFirstHeader("X-Shop-Key")).isNull();

        BasicHttpRequest codes = request("GET", "https://codes.example.com/api/v2/admin/discount-codes?Limit=5");
        credentials.authenticate(codes);
        assertThat(codes.getPath()).isEqualTo("/api/v2/admin/discount-codes?Limit=5&token=a+b%26c");

        BasicHttpRequest crm = request("PUT", "https://crm.example.com/api/cards");
        credentials.authenticate(crm);
        assertThat(crm.getFirstHeader("Authorization").getValue()).isEqualTo("Basic aHViOmNybS1zZWNyZXQ=");
    }

    @Test
    void aRequestToNoSystemOrToOneWithoutCredentialGetsNothing() {
        for (String url : new String[] {"https://open.example.com/x", "https://elsewhere.example.com/shop", "https://crm.example.com/apiary"}) {
            BasicHttpRequest request = request("GET", url);
            credentials.authenticate(request);
            assertThat(request.getHeaders()).as(url).isEmpty();
            assertThat(request.getPath()).doesNotContain("token");
        }
    }

    @Test
    void failureTextsLoseEverySecretAndAMisspeltTypeStopsTheStart() {
        assertThat(credentials.redact("GET https://codes.example.com/x?token=a+b%26c failed; key shop-secret"))
                .isEqualTo("GET https://codes.example.com/x?token=*** failed; key ***");
        environment.setProperty("hub.systems.crm.auth.type", "basci");
        assertThatThrownBy(() -> new VendorCredentials(environment)).hasMessageContaining("hub.systems.crm.auth.type")
                .hasMessageNotContaining("crm-secret");
    }

    private static BasicHttpRequest request(String method, String url) {
        return new BasicHttpRequest(method, java.net.URI.create(url));
    }
}
