package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.loyaltyhub.canonical.CanonicalExamples.assertRefused;
import static org.loyaltyhub.canonical.CanonicalExamples.card;
import static org.loyaltyhub.canonical.CanonicalExamples.schemas;

class CanonicalCardSchemaTests {

    @Test
    void theEcomExampleCardIsValid() {
        assertThatCode(() -> schemas().validate("card", card())).doesNotThrowAnyException();
    }

    @Test
    void aCardNeedsNothingButItsNumber() {
        assertThat(schemas().violations("card", CanonicalExamples.object("{\"number\": \"1\"}"))).isEmpty();
    }

    @Test
    void theNumberIsRequired() {
        ObjectNode body = card();
        body.remove("number");

        assertRefused("card", body, "/number", "required");
    }

    @Test
    void theNumberMustNotBeEmpty() {
        ObjectNode body = card();
        body.put("number", "");

        assertRefused("card", body, "/number", "minLength");
    }

    @Test
    void accumulatedNeedsBothAmountAndCurrency() {
        ObjectNode body = card();
        ((ObjectNode) body.get("accumulated")).remove("currency");

        assertRefused("card", body, "/accumulated/currency", "required");
    }

    @Test
    void genderIsMaleOrFemaleNotTheVendorLetter() {
        ObjectNode body = card();
        holder(body).put("gender", "unknown-gender-x");

        CanonicalValidationException refusal =
                assertRefused("card", body, "/holder/gender", "enum", "unknown-gender-x");
        assertThat(refusal.getMessage()).contains("/holder/gender must be one of [male, female] (enum)");
    }

    @Test
    void moneyAsAJsonNumberIsRefused() {
        ObjectNode body = card();
        ((ObjectNode) body.get("accumulated")).put("amount", 5166.25);

        CanonicalValidationException refusal =
                assertRefused("card", body, "/accumulated/amount", "type", "5166");
        assertThat(refusal.getMessage()).contains("must be of type string (found number)");
    }

    @Test
    void moneyWithAThousandsSeparatorIsRefused() {
        ObjectNode body = card();
        ((ObjectNode) body.get("accumulated")).put("amount", "5,166.00");

        assertRefused("card", body, "/accumulated/amount", "pattern", "5,166.00");
    }

    @Test
    void moneyWithATrailingNewlineIsRefused() {
        ObjectNode body = card();
        ((ObjectNode) body.get("accumulated")).put("amount", "5166.00\n");

        assertRefused("card", body, "/accumulated/amount", "pattern", "5166.00");
    }

    @Test
    void currencyMustBeAnUpperCaseIsoCode() {
        ObjectNode body = card();
        ((ObjectNode) body.get("accumulated")).put("currency", "Lei");

        assertRefused("card", body, "/accumulated/currency", "pattern", "Lei");
    }

    @Test
    void birthDateMustBeYearMonthDay() {
        ObjectNode body = card();
        holder(body).put("birthDate", "08.07.2006");

        assertRefused("card", body, "/holder/birthDate", "pattern", "08.07.2006");
    }

    @Test
    void legalEntityNameAndUserIdMayBeNull() {
        ObjectNode body = card();
        holder(body).putNull("legalEntityName");
        holder(body).putNull("userId");

        assertThat(schemas().violations("card", body)).isEmpty();
    }

    @Test
    void anUnknownTopLevelPropertyIsRefused() {
        ObjectNode body = card();
        body.put("pin", "4321");

        assertRefused("card", body, "/pin", "additionalProperties", "4321");
    }

    @Test
    void anUnknownHolderPropertyIsRefused() {
        ObjectNode body = card();
        holder(body).put("sex", "m");

        assertRefused("card", body, "/holder/sex", "additionalProperties");
    }

    @Test
    void refsAreStringIdsKeyedBySystemName() {
        ObjectNode body = card();
        ((ObjectNode) body.get("refs")).put("ecom", 1);

        assertRefused("card", body, "/refs/ecom", "type");
    }

    private static ObjectNode holder(ObjectNode card) {
        return (ObjectNode) card.get("holder");
    }
}
