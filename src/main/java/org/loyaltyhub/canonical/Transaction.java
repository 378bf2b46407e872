package org.loyaltyhub.canonical;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A sale, return or revert on a card ({@code mappings/canonical/transaction.schema.json}). A return or a revert
 * names the transaction it undoes in {@code originalTransactionId}.
 *
 * @param id                    the transaction's id as the hub issued it
 * @param cardNumber            number of the card; required
 * @param type                  sale, return or revert; required
 * @param totalAmount           total the customer is due to pay, in {@code currency}
 * @param discountAmount        discount granted by this card alone, in {@code currency}
 * @param currency              ISO 4217 code of both amounts
 * @param occurredAt            when it happened; the offset is kept as received
 * @param reference             the POS's own reference, such as a receipt id
 * @param originalTransactionId the transaction a return or revert undoes
 * @param storeId               the store the register belongs to
 * @param registerId            the register used
 * @param staffId               the staff member
 * @param requestId             the caller's request id, for tracing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transaction(
        String id,
        String cardNumber,
        Type type,
        @DecimalString BigDecimal totalAmount,
        @DecimalString BigDecimal discountAmount,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING,
                without = JsonFormat.Feature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE) OffsetDateTime occurredAt,
        String reference,
        String originalTransactionId,
        String storeId,
        String registerId,
        String staffId,
        String requestId) {

    /** What kind of transaction it is, as the canonical JSON spells it. */
    public enum Type {
        SALE("sale"),
        /** Gives back an earlier sale as a new transaction (the SPI's "return", also sent as "refund"). */
        RETURN("return"),
        /** Cancels an earlier transaction as if it never happened. */
        REVERT("revert");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        /** The canonical JSON value. */
        @JsonValue
        public String value() {
            return value;
        }
    }
}
