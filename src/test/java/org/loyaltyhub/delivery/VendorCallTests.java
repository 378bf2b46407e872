package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.formats.BodyFormat;

class VendorCallTests {

    @Test
    void aRoutesParametersBecomeTheCallTypedWithSettingsResolved() {
        Map<String, Object> parameters = Map.of("system", "promo", "entity", "promo-assignment", "path", " /api/v1.1/promocodes/attach ",
                "format", "{{hub.systems.promo.format}}", "recreateWhenMissing", "true", "createOnly", "false", "refName", "");

        VendorCall call = VendorCall.of(parameters, text -> text.replace("{{hub.systems.promo.format}}", "xml"));

        assertThat(call.format()).isEqualTo(BodyFormat.XML);
        assertThat(call.path()).isEqualTo("/api/v1.1/promocodes/attach");
        assertThat(call.recreateWhenMissing()).isTrue();
        assertThat(call.createOnly()).isFalse();
        assertThat(call.refName()).as("no ref name: the system's own").isEqualTo("promo");
        assertThat(call.createdEntity()).isEqualTo("promo-assignment");
        assertThat(call.updatePath()).as("a parameter the route does not hold").isEmpty();
    }

    @Test
    void aSecondIdTheSystemGivesTheEntityIsKeptApart() {
        VendorCall call = VendorCall.of(Map.of("system", "wallet", "entity", "card", "refName", "wallet-customer", "format", "json"),
                text -> text);

        assertThat(call.refName()).isEqualTo("wallet-customer");
        assertThat(call.createdEntity()).isEqualTo("card/wallet-customer");
    }

    @Test
    void aFormatThatIsNeitherJsonNorXmlIsRefusedWithItsValue() {
        assertThatThrownBy(() -> VendorCall.of(Map.of("system", "promo", "format", "yaml"), text -> text))
                .hasMessageContaining("'yaml'");
    }
}
