package org.loyaltyhub.sandbox.wallet;

import java.math.BigDecimal;

/**
 * The body of one card operation, read and checked against the contract ({@link WalletCardOperation#read}).
 *
 * @param quantity the operation's amount or count ({@code amount}, {@code points}, {@code stamps}, ...), always
 *        greater than 0; an integer field arrives with scale 0. Null for receive-reward and redeem-coupon.
 * @param rewardTierId receive-reward's {@code id}: the reward tier to receive; null means "the cheapest one the card
 *        can receive" (the contract makes {@code id} required but nullable)
 * @param comment the free-text comment stored with the operation, or null
 * @param purchaseSum the purchase amount given for statistics, or null when the body has none
 */
public record WalletOperationInput(BigDecimal quantity, Long rewardTierId, String comment, BigDecimal purchaseSum) {

    /** A body with just the quantity (for tests and for priming cards). */
    public static WalletOperationInput of(BigDecimal quantity) {
        return new WalletOperationInput(quantity, null, null, null);
    }
}
