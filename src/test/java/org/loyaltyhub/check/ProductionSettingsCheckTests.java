package org.loyaltyhub.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The one start-up refusal of local and sandbox settings outside the local default. */
class ProductionSettingsCheckTests {

    @Test
    void theLocalDefaultMayKeepItsPublishedCredentials() {
        MockEnvironment environment = production().withProperty("hub.local-default", "true")
                .withProperty("hub.ops.password", "local-dev").withProperty("hub.spi.api-keys", "local-dev-key");
        assertThat(ProductionSettingsCheck.problems(environment)).isEmpty();
    }

    @Test
    void productionSettingsPass() {
        assertThat(ProductionSettingsCheck.problems(production())).isEmpty();
    }

    @Test
    void aMissingOperatorLoginIsNamed() {
        MockEnvironment environment = production().withProperty("hub.ops.password", "");
        assertThat(ProductionSettingsCheck.problems(environment)).containsExactly("hub.ops.password (HUB_OPS_PASSWORD): not set");
    }

    @Test
    void aSandboxCredentialAnywhereInAnEnabledSystemIsNamedWithoutItsValue() {
        MockEnvironment environment = production().withProperty("hub.systems.crm.auth.type", "basic")
                .withProperty("hub.systems.crm.auth.username", "hub")
                .withProperty("hub.systems.crm.auth.secret", "sandbox-promo-token");
        assertThat(ProductionSettingsCheck.problems(environment))
                .containsExactly("hub.systems.crm.auth.secret (HUB_SYSTEMS_CRM_AUTH_SECRET): the sandbox's credential");
    }

    @Test
    void aCredentialTypeWithoutItsSecretIsNamed() {
        MockEnvironment environment = production().withProperty("hub.systems.crm.auth.type", "bearer")
                .withProperty("hub.systems.crm.auth.secret", "");
        assertThat(ProductionSettingsCheck.problems(environment))
                .containsExactly("hub.systems.crm.auth.secret (HUB_SYSTEMS_CRM_AUTH_SECRET): not set (auth.type bearer)");
    }

    @Test
    void servingTheSandboxAllowsItsSettings() {
        MockEnvironment environment = production().withProperty("hub.sandbox.enabled", "true")
                .withProperty("hub.systems.crm.base-url", "http://127.0.0.1:8080/sandbox/crm")
                .withProperty("hub.systems.crm.auth.secret", "sandbox-promo-token");
        assertThat(ProductionSettingsCheck.problems(environment)).isEmpty();
    }

    private static MockEnvironment production() {
        return new MockEnvironment().withProperty("hub.ops.username", "ops").withProperty("hub.ops.password", "s3cret-enough")
                .withProperty("hub.spi.api-keys", "register-1")
                .withProperty("hub.sandbox.promo.token", "sandbox-promo-token")
                .withProperty("hub.systems.crm.base-url", "https://crm.example.com")
                .withProperty("hub.systems.crm.enabled", "true");
    }
}
