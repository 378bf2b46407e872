package org.loyaltyhub.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.loyaltyhub.canonical.CanonicalValidationException.Violation;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Valid canonical bodies, built from the vendor documents' examples, and the assertions the schema tests share.
 * Every call returns a fresh tree, so a test can break exactly one thing in it.
 */
final class CanonicalExamples {

    /** Maven runs tests from the project root, where the schemas live. */
    static final Path SCHEMA_FOLDER = Path.of("mappings/canonical");

    /** A plain mapper with default settings: the records must not depend on how a mapper is configured. */
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    private static CanonicalSchemas schemas;

    private CanonicalExamples() {
    }

    /** The schemas of {@code mappings/canonical}, loaded once for all tests. */
    static synchronized CanonicalSchemas schemas() {
        if (schemas == null) {
            schemas = new CanonicalSchemas(SCHEMA_FOLDER);
        }
        return schemas;
    }

    /** The ecom example card (id 1), as the ecom mapping would translate it. */
    static ObjectNode card() {
        return object("""
                {
                  "number": "1234567890123",
                  "barcode": "123456789012378476234768",
                  "active": true,
                  "holder": {
                    "firstName": "John",
                    "lastName": "Doe",
                    "legalEntityName": "Test Company",
                    "gender": "male",
                    "birthDate": "2006-07-08",
                    "address": "Test Address",
                    "userId": null,
                    "email": "john.doe@example.com",
                    "phone": "+37360000000"
                  },
                  "accumulated": { "amount": "5166.00", "currency": "MDL" },
                  "program": "standard",
                  "refs": { "ecom": "1" }
                }
                """);
    }

    /** The SPI example sale. */
    static ObjectNode sale() {
        return object("""
                {
                  "id": "txn_1234567890",
                  "cardNumber": "1234567890",
                  "type": "sale",
                  "totalAmount": "123.00",
                  "discountAmount": "10.00",
                  "currency": "USD",
                  "occurredAt": "2024-01-01T00:00:00Z",
                  "reference": "123e4567-e89b-12d3-a456-426614174000",
                  "storeId": "store-7",
                  "registerId": "register-2",
                  "staffId": "staff-42",
                  "requestId": "123e4567-e89b-12d3-a456-426614174123"
                }
                """);
    }

    /** A return of the example sale. */
    static ObjectNode saleReturn() {
        return object("""
                {
                  "id": "txn_1234567891",
                  "cardNumber": "1234567890",
                  "type": "return",
                  "totalAmount": "123.00",
                  "discountAmount": "10.00",
                  "currency": "USD",
                  "occurredAt": "2024-01-02T09:30:00.5+02:00",
                  "reference": "receipt-991",
                  "originalTransactionId": "txn_1234567890"
                }
                """);
    }

    /** A discount code in the shape of the codes admin API, with real values in place of its placeholders. */
    static ObjectNode promotion() {
        return object("""
                {
                  "code": "SPRING-10",
                  "kind": "percentage",
                  "amount": "10",
                  "currency": "EUR",
                  "enabled": true,
                  "minOrderAmount": "50.00",
                  "validFrom": "2024-05-22T14:42:20.019Z",
                  "validUntil": "2024-06-30T23:59:59+03:00",
                  "expireAfterRedemption": 30,
                  "catalogs": [3, 17],
                  "applyToCatalogs": true,
                  "description": "Spring sale",
                  "refs": { "codes": "42" }
                }
                """);
    }

    /** The promo attach example: code CODE-1 to a profile in loyalty program 5. */
    static ObjectNode promoAssignment() {
        return object("""
                {
                  "code": "CODE-1",
                  "loyaltyProgramId": "5",
                  "customer": { "profileId": "abcdefghijklmnqrstuvwxyz" }
                }
                """);
    }

    /** Cashback added to a wallet card for the example sale. */
    static ObjectNode walletOperation() {
        return object("""
                {
                  "cardNumber": "896844-833-112",
                  "walletCardType": 1,
                  "operation": "add-amount",
                  "amount": "12.30",
                  "transactionId": "txn_1234567890",
                  "comment": "Order #1042"
                }
                """);
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Test fixture is not JSON", e);
        }
    }

    /**
     * Asserts that the body is refused with a violation of {@code rule} at {@code field}, that the message names
     * both, and that neither message nor violations repeat any of the {@code offendingValues}.
     */
    static CanonicalValidationException assertRefused(String entity, ObjectNode body, String field, String rule,
                                                      String... offendingValues) {
        CanonicalValidationException refusal = catchThrowableOfType(CanonicalValidationException.class,
                () -> schemas().validate(entity, body));
        assertThat(refusal).as("%s should be refused", body).isNotNull();
        assertThat(refusal.getEntity()).isEqualTo(entity);
        assertThat(refusal.getViolations()).extracting(Violation::field, Violation::rule)
                .contains(tuple(field, rule));
        assertThat(refusal.getMessage()).startsWith(entity + " is invalid: ").contains(field).contains("(" + rule + ")");
        for (String value : offendingValues) {
            assertThat(refusal.getMessage()).doesNotContain(value);
            assertThat(refusal.getViolations())
                    .allSatisfy(violation -> assertThat(violation.message()).doesNotContain(value));
        }
        return refusal;
    }
}
