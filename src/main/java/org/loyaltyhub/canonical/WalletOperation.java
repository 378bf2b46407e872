package org.loyaltyhub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;

/**
 * One operation on a wallet card ({@code mappings/canonical/wallet-operation.schema.json}). It carries either a
 * money {@code amount} or a {@code quantity}, never both. Which operations a card type accepts is decided by the
 * card-type table in {@code mappings/wallet/}, not here.
 *
 * @param cardNumber     the wallet card's number; required
 * @param walletCardType the wallet card type id, 0 Stamp … 7 Reward; required
 * @param operation      what to do; required
 * @param amount         money moved, never negative (the operation gives the direction)
 * @param quantity       units moved (points, rewards, scores, stamps, visits), at least 1
 * @param transactionId  the canonical transaction this operation comes from
 * @param comment        free text for the wallet's history
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WalletOperation(
        String cardNumber,
        Integer walletCardType,
        Operation operation,
        @DecimalString BigDecimal amount,
        Integer quantity,
        String transactionId,
        String comment) {

    /** The wallet operations, named after the wallet endpoints they become. */
    public enum Operation {
        ADD_AMOUNT("add-amount"),
        SUBTRACT_AMOUNT("subtract-amount"),
        ADD_POINT("add-point"),
        SUBTRACT_POINT("subtract-point"),
        ADD_REWARD("add-reward"),
        SUBTRACT_REWARD("subtract-reward"),
        ADD_SCORES("add-scores"),
        SUBTRACT_SCORES("subtract-scores"),
        ADD_STAMP("add-stamp"),
        SUBTRACT_STAMP("subtract-stamp"),
        ADD_VISIT("add-visit"),
        SUBTRACT_VISIT("subtract-visit"),
        ADD_PURCHASE("add-purchase"),
        SUBTRACT_PURCHASE("subtract-purchase"),
        RECEIVE_REWARD("receive-reward"),
        REDEEM_COUPON("redeem-coupon");

        private final String value;

        Operation(String value) {
            this.value = value;
        }

        /** The canonical JSON value. */
        @JsonValue
        public String value() {
            return value;
        }
    }
}
