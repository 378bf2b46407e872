package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.loyaltyhub.canonical.CanonicalExamples.assertRefused;
import static org.loyaltyhub.canonical.CanonicalExamples.sale;
import static org.loyaltyhub.canonical.CanonicalExamples.saleReturn;
import static org.loyaltyhub.canonical.CanonicalExamples.schemas;

class CanonicalTransactionSchemaTests {

    @Test
    void theSpiExampleSaleIsValid() {
        assertThatCode(() -> schemas().validate("transaction", sale())).doesNotThrowAnyException();
    }

    @Test
    void aReturnNamingTheOriginalSaleIsValid() {
        assertThat(schemas().violations("transaction", saleReturn())).isEmpty();
    }

    @Test
    void theCardNumberIsRequired() {
        ObjectNode body = sale();
        body.remove("cardNumber");

        assertRefused("transaction", body, "/cardNumber", "required");
    }

    @Test
    void theTypeIsRequired() {
        ObjectNode body = sale();
        body.remove("type");

        assertRefused("transaction", body, "/type", "required");
    }

    @Test
    void refundIsNotACanonicalType() {
        ObjectNode body = saleReturn();
        body.put("type", "refund");

        CanonicalValidationException refusal = assertRefused("transaction", body, "/type", "enum", "refund");
        assertThat(refusal.getMessage()).contains("must be one of [sale, return, revert]");
    }

    @Test
    void aReturnMustNameTheTransactionItGivesBack() {
        ObjectNode body = saleReturn();
        body.remove("originalTransactionId");

        assertRefused("transaction", body, "/originalTransactionId", "required");
    }

    @Test
    void aRevertMustNameTheTransactionItCancels() {
        ObjectNode body = sale();
        body.put("type", "revert");

        assertRefused("transaction", body, "/originalTransactionId", "required");
    }

    @Test
    void moneyAsAJsonNumberIsRefused() {
        ObjectNode body = sale();
        body.put("totalAmount", 123.45);

        assertRefused("transaction", body, "/totalAmount", "type", "123.45");
    }

    @Test
    void moneyInExponentNotationIsRefused() {
        ObjectNode body = sale();
        body.put("discountAmount", "1e3");

        assertRefused("transaction", body, "/discountAmount", "pattern", "1e3");
    }

    @Test
    void aNegativeAmountIsAValidMoneyString() {
        ObjectNode body = saleReturn();
        body.put("totalAmount", "-123.00");

        assertThat(schemas().violations("transaction", body)).isEmpty();
    }

    @Test
    void currencyMustBeThreeUpperCaseLetters() {
        ObjectNode body = sale();
        body.put("currency", "usd");

        assertRefused("transaction", body, "/currency", "pattern", "usd");
    }

    @Test
    void occurredAtMustBeAnRfc3339DateTimeNotUnixSeconds() {
        ObjectNode body = sale();
        body.put("occurredAt", "1704067200");

        assertRefused("transaction", body, "/occurredAt", "pattern", "1704067200");
    }

    @Test
    void occurredAtNeedsAnOffset() {
        ObjectNode body = sale();
        body.put("occurredAt", "2024-01-01T00:00:00");

        assertRefused("transaction", body, "/occurredAt", "pattern");
    }

    @Test
    void anUnknownPropertyIsRefused() {
        ObjectNode body = sale();
        body.put("pinInput", "9876");

        assertRefused("transaction", body, "/pinInput", "additionalProperties", "9876");
    }
}
