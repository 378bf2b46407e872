package org.loyaltyhub.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.loyaltyhub.inbound.ApiKeys.Verdict;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.mock.env.MockEnvironment;

/** Each key calls what its scopes say: registers the SPI, systems their API paths and their own webhooks. */
class ApiKeysTests {

    private final MockEnvironment environment = org.loyaltyhub.support.TestSystems.withDefaults(new MockEnvironment())
            .withProperty("hub.spi.api-keys", "till-1, till-2")
            .withProperty("hub.api.keys.crm.key", "crm-api-key")
            .withProperty("hub.api.keys.crm.scopes", "api/promo-assignments, inbound/shop")
            .withProperty("hub.api.keys.backoffice.key", "backoffice-key")
            .withProperty("hub.api.keys.backoffice.scopes", "api")
            .withProperty("hub.systems.crm.base-url", "https://crm.example.com")
            .withProperty("hub.systems.crm.inbound-keys", "crm-webhook-key");
    private final ApiKeys keys = new ApiKeys(environment, new SystemRegistry(environment));

    @Test
    void aTillKeyCallsTheSpiOnly() {
        assertThat(keys.check("Bearer till-2", "spi")).isEqualTo(Verdict.ALLOWED);
        assertThat(keys.check("Bearer till-2", "api/promo-assignments")).isEqualTo(Verdict.FORBIDDEN);
        assertThat(keys.check("Bearer till-2", "inbound/crm")).isEqualTo(Verdict.FORBIDDEN);
    }

    @Test
    void aSystemKeyCallsWhatItsScopesName() {
        assertThat(keys.check("Bearer crm-api-key", "api/promo-assignments")).isEqualTo(Verdict.ALLOWED);
        assertThat(keys.check("Bearer crm-api-key", "inbound/shop")).isEqualTo(Verdict.ALLOWED);
        assertThat(keys.check("Bearer crm-api-key", "api/cards")).isEqualTo(Verdict.FORBIDDEN);
        assertThat(keys.check("Bearer crm-api-key", "spi")).isEqualTo(Verdict.FORBIDDEN);
        assertThat(keys.check("Bearer backoffice-key", "api/cards")).isEqualTo(Verdict.ALLOWED);
        assertThat(keys.check("Bearer backoffice-key", "apiary")).isEqualTo(Verdict.FORBIDDEN);
    }

    @Test
    void aWebhookKeyPostsToItsOwnSystemOnly() {
        assertThat(keys.check("Bearer crm-webhook-key", "inbound/crm")).isEqualTo(Verdict.ALLOWED);
        assertThat(keys.check("Bearer crm-webhook-key", "inbound/shop")).isEqualTo(Verdict.FORBIDDEN);
        assertThat(keys.check("Bearer crm-webhook-key", "api/promo-assignments")).isEqualTo(Verdict.FORBIDDEN);
    }

    @Test
    void anUnknownOrMissingKeyIsUnknown() {
        assertThat(keys.check("Bearer nobody", "spi")).isEqualTo(Verdict.UNKNOWN);
        assertThat(keys.check(null, "api/promo-assignments")).isEqualTo(Verdict.UNKNOWN);
        assertThat(keys.check("Basic dGlsbC0xOg==", "spi")).isEqualTo(Verdict.UNKNOWN);
    }
}
