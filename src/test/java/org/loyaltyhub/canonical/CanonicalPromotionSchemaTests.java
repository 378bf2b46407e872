package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.loyaltyhub.canonical.CanonicalExamples.assertRefused;
import static org.loyaltyhub.canonical.CanonicalExamples.promotion;
import static org.loyaltyhub.canonical.CanonicalExamples.schemas;

class CanonicalPromotionSchemaTests {

    @Test
    void aPercentageCodeIsValid() {
        assertThatCode(() -> schemas().validate("promotion", promotion())).doesNotThrowAnyException();
    }

    @Test
    void expireAfterRedemptionMayBeNull() {
        ObjectNode body = promotion();
        body.putNull("expireAfterRedemption");

        assertThat(schemas().violations("promotion", body)).isEmpty();
    }

    @Test
    void theCodeIsRequired() {
        ObjectNode body = promotion();
        body.remove("code");

        assertRefused("promotion", body, "/code", "required");
    }

    @Test
    void kindIsPercentageOrFixed() {
        ObjectNode body = promotion();
        body.put("kind", "free-shipping-x");

        assertRefused("promotion", body, "/kind", "enum", "free-shipping-x");
    }

    @Test
    void theAmountAsAJsonNumberIsRefused() {
        ObjectNode body = promotion();
        body.put("amount", 12.5);

        assertRefused("promotion", body, "/amount", "type", "12.5");
    }

    @Test
    void minOrderAmountAsAJsonNumberIsRefused() {
        ObjectNode body = promotion();
        body.put("minOrderAmount", 50);

        assertRefused("promotion", body, "/minOrderAmount", "type");
    }

    @Test
    void aBadMoneyStringIsRefused() {
        ObjectNode body = promotion();
        body.put("minOrderAmount", "50.00 EUR");

        assertRefused("promotion", body, "/minOrderAmount", "pattern", "50.00 EUR");
    }

    @Test
    void currencyMustBeAnIsoCode() {
        ObjectNode body = promotion();
        body.put("currency", "EURO");

        assertRefused("promotion", body, "/currency", "pattern", "EURO");
    }

    @Test
    void expireAfterRedemptionCannotBeNegative() {
        ObjectNode body = promotion();
        body.put("expireAfterRedemption", -1);

        assertRefused("promotion", body, "/expireAfterRedemption", "minimum");
    }

    @Test
    void catalogsAreIntegerIds() {
        ObjectNode body = promotion();
        body.putArray("catalogs").add("shoes");

        assertRefused("promotion", body, "/catalogs/0", "type", "shoes");
    }

    @Test
    void anUnknownPropertyIsRefused() {
        ObjectNode body = promotion();
        body.put("Type", "percentage");

        assertRefused("promotion", body, "/Type", "additionalProperties");
    }
}
