package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.loyaltyhub.canonical.CanonicalExamples.assertRefused;
import static org.loyaltyhub.canonical.CanonicalExamples.schemas;
import static org.loyaltyhub.canonical.CanonicalExamples.walletOperation;

/** A wallet operation has no currency of its own (the wallet card's template fixes it). */
class CanonicalWalletOperationSchemaTests {

    @Test
    void cashbackAddedAsAnAmountIsValid() {
        assertThatCode(() -> schemas().validate("wallet-operation", walletOperation())).doesNotThrowAnyException();
    }

    @Test
    void aStampAddedAsAQuantityIsValid() {
        ObjectNode body = walletOperation();
        body.remove("amount");
        body.put("walletCardType", 0);
        body.put("operation", "add-stamp");
        body.put("quantity", 1);

        assertThat(schemas().violations("wallet-operation", body)).isEmpty();
    }

    @Test
    void cardNumberCardTypeAndOperationAreRequired() {
        ObjectNode body = walletOperation();
        body.remove("cardNumber");
        body.remove("walletCardType");
        body.remove("operation");

        assertRefused("wallet-operation", body, "/cardNumber", "required");
        assertRefused("wallet-operation", body, "/walletCardType", "required");
        assertRefused("wallet-operation", body, "/operation", "required");
    }

    @Test
    void anUnknownOperationIsRefused() {
        ObjectNode body = walletOperation();
        body.put("operation", "add-transaction-amount");

        assertRefused("wallet-operation", body, "/operation", "enum", "add-transaction-amount");
    }

    @Test
    void theCardTypeIsBetweenZeroAndSeven() {
        ObjectNode body = walletOperation();
        body.put("walletCardType", 8);

        assertRefused("wallet-operation", body, "/walletCardType", "maximum");
    }

    @Test
    void anAmountOrAQuantityIsRequired() {
        ObjectNode body = walletOperation();
        body.remove("amount");

        CanonicalValidationException refusal = assertRefused("wallet-operation", body, "/", "oneOf");
        assertThat(refusal.getMessage())
                .isEqualTo("wallet-operation is invalid: / must have exactly one of [amount, quantity] (oneOf)");
    }

    @Test
    void anAmountAndAQuantityTogetherAreRefused() {
        ObjectNode body = walletOperation();
        body.put("quantity", 2);

        assertRefused("wallet-operation", body, "/", "oneOf");
    }

    @Test
    void moneyAsAJsonNumberIsRefused() {
        ObjectNode body = walletOperation();
        body.put("amount", 12.3);

        assertRefused("wallet-operation", body, "/amount", "type", "12.3");
    }

    @Test
    void aBadMoneyStringIsRefused() {
        ObjectNode body = walletOperation();
        body.put("amount", "12.30 MDL");

        assertRefused("wallet-operation", body, "/amount", "pattern", "12.30 MDL");
    }

    @Test
    void theAmountIsNeverNegativeBecauseTheOperationGivesTheDirection() {
        ObjectNode body = walletOperation();
        body.put("amount", "-12.30");

        assertRefused("wallet-operation", body, "/amount", "pattern", "-12.30");
    }

    @Test
    void aQuantityIsAtLeastOne() {
        ObjectNode body = walletOperation();
        body.remove("amount");
        body.put("quantity", 0);

        assertRefused("wallet-operation", body, "/quantity", "minimum");
    }

    @Test
    void anUnknownPropertyIsRefused() {
        ObjectNode body = walletOperation();
        body.put("currency", "MDL");

        assertRefused("wallet-operation", body, "/currency", "additionalProperties");
    }
}
