package org.loyaltyhub.sandbox.ecom;

import static org.loyaltyhub.sandbox.ecom.EcomField.ACCUMULATED_AMOUNT;
import static org.loyaltyhub.sandbox.ecom.EcomField.ACTIVE;
import static org.loyaltyhub.sandbox.ecom.EcomField.ADDRESS;
import static org.loyaltyhub.sandbox.ecom.EcomField.BARCODE;
import static org.loyaltyhub.sandbox.ecom.EcomField.CODE;
import static org.loyaltyhub.sandbox.ecom.EcomField.DATE_OF_BIRTH;
import static org.loyaltyhub.sandbox.ecom.EcomField.FIRST_NAME;
import static org.loyaltyhub.sandbox.ecom.EcomField.LAST_NAME;
import static org.loyaltyhub.sandbox.ecom.EcomField.LEGAL_ENTITY_NAME;
import static org.loyaltyhub.sandbox.ecom.EcomField.SEX;
import static org.loyaltyhub.sandbox.ecom.EcomField.USER_ID;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A discount card as the ecom sandbox holds it. Money is a {@link BigDecimal} with two decimals. */
public record EcomCard(long id, Long userId, String code, String legalEntityName, String firstName, String lastName,
        String barcode, BigDecimal accumulatedAmount, String sex, LocalDate dateOfBirth, String address, Boolean active) {

    /** The card of the vendor document's examples ("Receiving all cards"), which the sandbox starts with. */
    static final EcomCard DOCUMENT_EXAMPLE = new EcomCard(1, null, "1234567890123", "Test Company", "John", "Doe",
            "123456789012378476234768", new BigDecimal("5166.00"), "m", LocalDate.of(2006, 7, 8), "Test Address", null);

    static EcomCard blank(long id) {
        return new EcomCard(id, null, null, null, null, null, null, null, null, null, null, null);
    }

    EcomCard with(EcomCardChanges changes) {
        return new EcomCard(id, changes.valueOr(USER_ID, userId), changes.valueOr(CODE, code),
                changes.valueOr(LEGAL_ENTITY_NAME, legalEntityName), changes.valueOr(FIRST_NAME, firstName),
                changes.valueOr(LAST_NAME, lastName), changes.valueOr(BARCODE, barcode),
                changes.valueOr(ACCUMULATED_AMOUNT, accumulatedAmount), changes.valueOr(SEX, sex),
                changes.valueOr(DATE_OF_BIRTH, dateOfBirth), changes.valueOr(ADDRESS, address),
                changes.valueOr(ACTIVE, active));
    }

    /** The value of a field, as held (String, Long, BigDecimal, LocalDate or Boolean), or null. */
    Object value(EcomField field) {
        return switch (field) {
            case USER_ID -> userId;
            case CODE -> code;
            case LEGAL_ENTITY_NAME -> legalEntityName;
            case FIRST_NAME -> firstName;
            case LAST_NAME -> lastName;
            case BARCODE -> barcode;
            case ACCUMULATED_AMOUNT -> accumulatedAmount;
            case SEX -> sex;
            case DATE_OF_BIRTH -> dateOfBirth;
            case ADDRESS -> address;
            case ACTIVE -> active;
        };
    }
}
