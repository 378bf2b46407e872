package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.loyaltyhub.canonical.CanonicalExamples.assertRefused;
import static org.loyaltyhub.canonical.CanonicalExamples.object;
import static org.loyaltyhub.canonical.CanonicalExamples.promoAssignment;
import static org.loyaltyhub.canonical.CanonicalExamples.schemas;

/** A promo assignment carries no money, so there are no amount or currency cases here. */
class CanonicalPromoAssignmentSchemaTests {

    @Test
    void thePromoAttachExampleIsValid() {
        assertThatCode(() -> schemas().validate("promo-assignment", promoAssignment())).doesNotThrowAnyException();
    }

    @Test
    void theCodeIsOptional() {
        ObjectNode body = promoAssignment();
        body.remove("code");

        assertThat(schemas().violations("promo-assignment", body)).isEmpty();
    }

    @Test
    void everyWayOfIdentifyingTheCustomerIsValid() {
        for (String customer : new String[] {
                "{\"profileId\": \"abcdefghijklmnqrstuvwxyz\"}",
                "{\"email\": \"john@example.com\"}",
                "{\"phone\": \"+79000000000\"}",
                "{\"field\": {\"name\": \"loyalty_card\", \"value\": \"1234567890\"}}"}) {
            ObjectNode body = promoAssignment();
            body.set("customer", object(customer));

            assertThat(schemas().violations("promo-assignment", body)).as(customer).isEmpty();
        }
    }

    @Test
    void theLoyaltyProgramIsRequired() {
        ObjectNode body = promoAssignment();
        body.remove("loyaltyProgramId");

        assertRefused("promo-assignment", body, "/loyaltyProgramId", "required");
    }

    @Test
    void theCustomerIsRequired() {
        ObjectNode body = promoAssignment();
        body.remove("customer");

        assertRefused("promo-assignment", body, "/customer", "required");
    }

    @Test
    void aCustomerWithoutIdentityIsRefusedWithOneViolation() {
        ObjectNode body = promoAssignment();
        body.putObject("customer");

        CanonicalValidationException refusal = assertRefused("promo-assignment", body, "/customer", "oneOf");
        assertThat(refusal.getViolations()).hasSize(1);
        assertThat(refusal.getMessage())
                .isEqualTo("promo-assignment is invalid: /customer must have exactly one of "
                        + "[profileId, email, phone, field] (oneOf)");
    }

    @Test
    void aCustomerIdentifiedTwiceIsRefused() {
        ObjectNode body = promoAssignment();
        body.set("customer", object("{\"email\": \"secret.person@example.com\", \"phone\": \"+79000000001\"}"));

        CanonicalValidationException refusal = assertRefused("promo-assignment", body, "/customer", "oneOf",
                "secret.person@example.com", "+79000000001");
        assertThat(refusal.getViolations()).hasSize(1);
    }

    @Test
    void aCustomFieldNeedsItsValue() {
        ObjectNode body = promoAssignment();
        body.set("customer", object("{\"field\": {\"name\": \"loyalty_card\"}}"));

        assertRefused("promo-assignment", body, "/customer/field/value", "required");
    }

    @Test
    void anUnknownMatchingModeIsRefused() {
        ObjectNode body = promoAssignment();
        body.set("customer", object("{\"fax\": \"+3736000000\"}"));

        assertRefused("promo-assignment", body, "/customer/fax", "additionalProperties", "+3736000000");
    }

    @Test
    void anUnknownPropertyIsRefused() {
        ObjectNode body = promoAssignment();
        body.put("token", "abcdefghijklmnqrstuvwxyz-secret");

        assertRefused("promo-assignment", body, "/token", "additionalProperties", "abcdefghijklmnqrstuvwxyz-secret");
    }

    @Test
    void theLoyaltyProgramIdIsAStringLikeEveryCanonicalId() {
        ObjectNode body = promoAssignment();
        body.put("loyaltyProgramId", 5);

        assertRefused("promo-assignment", body, "/loyaltyProgramId", "type");
    }
}
