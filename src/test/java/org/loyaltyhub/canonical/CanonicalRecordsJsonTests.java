package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.canonical.Card.Gender;
import org.loyaltyhub.canonical.Card.Holder;
import org.loyaltyhub.canonical.PromoAssignment.Customer;
import org.loyaltyhub.canonical.WalletOperation.Operation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loyaltyhub.canonical.CanonicalExamples.MAPPER;
import static org.loyaltyhub.canonical.CanonicalExamples.schemas;

/** The records and the schemas describe the same JSON: reading and writing loses nothing and stays valid. */
class CanonicalRecordsJsonTests {

    @Test
    void moneyKeepsItsScaleBothWays() throws Exception {
        Money money = MAPPER.readValue("{\"amount\": \"5166.00\", \"currency\": \"MDL\"}", Money.class);

        assertThat(money.amount()).isEqualTo(new BigDecimal("5166.00"));
        assertThat(money.amount().scale()).isEqualTo(2);
        assertThat(MAPPER.writeValueAsString(money)).isEqualTo("{\"amount\":\"5166.00\",\"currency\":\"MDL\"}");
    }

    @Test
    void amountsAreWrittenInPlainNotationNeverWithAnExponent() throws Exception {
        Money hundred = new Money(new BigDecimal("100.00").stripTrailingZeros(), "EUR");
        Money tiny = new Money(new BigDecimal("0.00000010"), "EUR");

        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(hundred)).get("amount").textValue()).isEqualTo("100");
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(tiny)).get("amount").textValue()).isEqualTo("0.00000010");
    }

    @Test
    void everyExampleRoundTripsThroughItsRecordUnchanged() throws Exception {
        assertRoundTrip(CanonicalExamples.card(), Card.class);
        assertRoundTrip(CanonicalExamples.sale(), Transaction.class);
        assertRoundTrip(CanonicalExamples.saleReturn(), Transaction.class);
        assertRoundTrip(CanonicalExamples.promotion(), Promotion.class);
        assertRoundTrip(CanonicalExamples.promoAssignment(), PromoAssignment.class);
        assertRoundTrip(CanonicalExamples.walletOperation(), WalletOperation.class);
    }

    @Test
    void readingKeepsDecimalScaleEnumValuesAndTimeOffsets() throws Exception {
        Card card = MAPPER.treeToValue(CanonicalExamples.card(), Card.class);
        Transaction saleReturn = MAPPER.treeToValue(CanonicalExamples.saleReturn(), Transaction.class);

        assertThat(card.accumulated()).isEqualTo(Money.of("5166.00", "MDL"));
        assertThat(card.holder().gender()).isEqualTo(Gender.MALE);
        assertThat(card.holder().birthDate()).isEqualTo(LocalDate.of(2006, 7, 8));
        assertThat(saleReturn.type()).isEqualTo(Transaction.Type.RETURN);
        assertThat(saleReturn.occurredAt()).isEqualTo(OffsetDateTime.parse("2024-01-02T09:30:00.5+02:00"));
        assertThat(saleReturn.occurredAt().getOffset().getTotalSeconds()).isEqualTo(2 * 3600);
    }

    @Test
    void dateTimesKeepTheirInstantAndOffsetButNotTrailingZerosOfAFraction() throws Exception {
        ObjectNode body = CanonicalExamples.sale();
        body.put("occurredAt", "2024-01-01T10:00:00.250+03:00");

        JsonNode written = MAPPER.valueToTree(MAPPER.treeToValue(body, Transaction.class));

        assertThat(written.get("occurredAt").textValue()).isEqualTo("2024-01-01T10:00:00.25+03:00");
        assertThat(schemas().violations("transaction", written)).isEmpty();
    }

    @Test
    void recordsBuiltInJavaSerialiseToValidCanonicalJson() throws Exception {
        Card card = new Card("1234567890123", "123456789012378476234768", true,
                new Holder("John", "Doe", null, Gender.MALE, LocalDate.of(2006, 7, 8), "Test Address", null,
                        null, null),
                Money.of("5166.00", "MDL"), "standard", Map.of("wallet", "896844-833-112", "ecom", "1"));
        Transaction revert = new Transaction("txn_2", "1234567890", Transaction.Type.REVERT,
                new BigDecimal("123.00"), new BigDecimal("10.00"), "USD",
                OffsetDateTime.parse("2024-01-01T00:00:00Z"), null, "txn_1", null, null, null, null);
        Promotion promotion = new Promotion("FIXED-50", Promotion.Kind.FIXED, new BigDecimal("50.00"), "MDL", true,
                null, null, null, null, List.of(1L, 2L), false, null, Map.of("codes", "7"));
        PromoAssignment assignment = new PromoAssignment(null, "5", Customer.byField("loyalty_card", "42"));
        WalletOperation stamp = new WalletOperation("896844-833-112", 0, Operation.ADD_STAMP, null, 1, "txn_1", null);

        assertValid("card", card);
        assertValid("transaction", revert);
        assertValid("promotion", promotion);
        assertValid("promo-assignment", assignment);
        assertValid("wallet-operation", stamp);
    }

    @Test
    void absentValuesAreLeftOutAndRefsAreWrittenInKeyOrder() throws Exception {
        Card card = new Card("1", null, null, null, null, null, Map.of("wallet", "w-1", "ecom", "1"));

        assertThat(MAPPER.writeValueAsString(card))
                .isEqualTo("{\"number\":\"1\",\"refs\":{\"ecom\":\"1\",\"wallet\":\"w-1\"}}");
    }

    @Test
    void everyWalletOperationMatchesTheSchemaEnum() throws Exception {
        JsonNode schemaEnum = MAPPER.readTree(CanonicalExamples.SCHEMA_FOLDER.resolve("wallet-operation.schema.json")
                .toFile()).at("/properties/operation/enum");

        assertThat(schemaEnum).extracting(JsonNode::asText)
                .containsExactly(Arrays.stream(Operation.values()).map(Operation::value).toArray(String[]::new));
    }

    private static void assertRoundTrip(ObjectNode example, Class<? extends Record> type) throws Exception {
        Record value = MAPPER.treeToValue(example, type);
        JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(value));

        // Explicit nulls are written as absent; the schema treats both alike.
        assertThat(written).as(type.getSimpleName()).isEqualTo(withoutNulls(example));
        assertThat(MAPPER.treeToValue(written, type)).isEqualTo(value);
    }

    private static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        removeNulls(copy);
        return copy;
    }

    private static void removeNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nullFields = new ArrayList<>();
            object.fields().forEachRemaining(field -> {
                if (field.getValue().isNull()) {
                    nullFields.add(field.getKey());
                } else {
                    removeNulls(field.getValue());
                }
            });
            object.remove(nullFields);
        }
    }

    private static void assertValid(String entity, Record value) {
        JsonNode json = MAPPER.valueToTree(value);

        assertThat(schemas().violations(entity, json)).as("%s %s", entity, json).isEmpty();
    }
}
