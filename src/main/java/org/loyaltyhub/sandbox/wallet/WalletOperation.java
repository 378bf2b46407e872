package org.loyaltyhub.sandbox.wallet;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One card operation the wallet sandbox applied (the contract's {@code Operation}), kept after its card or customer
 * is deleted, as a history is.
 *
 * @param kind what was done
 * @param amount the operation's quantity as the body gave it ({@code amount}, {@code points}, {@code visits}...);
 *        for receive-reward the threshold the reward took off, for redeem-coupon 1
 * @param balance the counter the operation changed, after it (see {@link WalletCardCounters})
 * @param comment the body's comment, or null
 * @param purchaseSum the body's purchaseSum, or null when it had none
 * @param rewardTierId the reward tier received (receive-reward only)
 * @param customer the card holder as they were at the time of the operation
 */
public record WalletOperation(long id, WalletCardOperation kind, String cardId, String customerId, long templateId,
        BigDecimal amount, BigDecimal balance, String comment, BigDecimal purchaseSum, Long rewardTierId, Instant createdAt,
        WalletCustomer customer) {

    /** The contract's example operation (list of operations): 120 scores added to the example card, making its 240. */
    static final WalletOperation EXAMPLE = new WalletOperation(5512, WalletCardOperation.ADD_SCORES, WalletCard.EXAMPLE_ID,
            WalletCustomer.EXAMPLE.id(), WalletTemplate.EXAMPLE_ID, new BigDecimal("120"), new BigDecimal("240"),
            "Points from purchase", new BigDecimal("120.0"), null, Instant.parse("2025-01-15T10:25:00Z"), WalletCustomer.EXAMPLE);

    /**
     * The purchase sum the contract requires on every Operation: the body's, else for add- and subtract-purchase the
     * purchase amount, else 0.
     */
    BigDecimal answeredPurchaseSum() {
        if (purchaseSum != null) {
            return purchaseSum;
        }
        boolean purchase = kind == WalletCardOperation.ADD_PURCHASE || kind == WalletCardOperation.SUBTRACT_PURCHASE;
        return purchase ? amount : BigDecimal.ZERO;
    }

    /**
     * The contract's {@code Operation}, as its example writes one: the required properties, and {@code comment} only
     * when there is one ({@code cardDevice}, {@code locationId}, {@code managerId}, {@code updatedAt} the sandbox never
     * has). {@code source} is "api", the only way the sandbox's operations are made.
     */
    ObjectNode render() {
        ObjectNode json = WalletJson.object().put("id", id).put("amount", amount).put("balance", balance).put("cardId", cardId)
                .put("companyId", WalletJson.COMPANY_ID).put("createdAt", WalletJson.time(createdAt));
        json.set("customer", customer.render());
        json.put("customerId", customerId).put("eventId", kind.eventId()).put("purchaseSum", answeredPurchaseSum())
                .put("source", "api").put("templateId", templateId);
        if (comment != null) {
            json.put("comment", comment);
        }
        return json;
    }
}
