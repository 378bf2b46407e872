package org.loyaltyhub.sandbox.wallet;

import org.loyaltyhub.sandbox.SandboxProblem;

import static org.loyaltyhub.sandbox.wallet.WalletCardType.CASHBACK;
import static org.loyaltyhub.sandbox.wallet.WalletCardType.COUPON;
import static org.loyaltyhub.sandbox.wallet.WalletCardType.DISCOUNT;
import static org.loyaltyhub.sandbox.wallet.WalletCardType.GIFT;
import static org.loyaltyhub.sandbox.wallet.WalletCardType.MEMBERSHIP;
import static org.loyaltyhub.sandbox.wallet.WalletCardType.MULTIPASS;
import static org.loyaltyhub.sandbox.wallet.WalletCardType.REWARD;
import static org.loyaltyhub.sandbox.wallet.WalletCardType.STAMP;
import static org.loyaltyhub.sandbox.wallet.WalletMechanics.POINTS;
import static org.loyaltyhub.sandbox.wallet.WalletMechanics.SPEND;
import static org.loyaltyhub.sandbox.wallet.WalletMechanics.VISIT;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every balance-changing card operation the wallet sandbox simulates, {@code POST /api/v2/cards/{id}/<path>}, with
 * its body field and the card types it applies to. This enum is THE acceptance table of the sandbox: each constant
 * is transcribed from one line of the vendor text ({@code shared/vendor-apis/wallet-card-platform.txt}), quoted above
 * it, read as the contract's {@code x-card-type-operations} reads it (Subscription = Multipass, Certificate = Gift).
 * Mechanics and limits are the card template's sandbox-internal settings ({@link WalletTemplate}).
 * <p>
 * What each operation does to a card's counters is in {@link WalletCardCounters}; the body fields and their types
 * are the contract's ({@code AmountAccrualInput}, {@code PointAccrualInput}, ...).
 */
public enum WalletCardOperation {

    // “Add amount to card Applicable to Cashback card (card ID 1)”
    ADD_TRANSACTION_AMOUNT("add-transaction-amount", "amount", Quantity.INTEGER, 13, on(CASHBACK)),

    // “Add point to card Applies to Discount, Cashback, Certificate cards (card IDs 4, 1, 5)”
    ADD_POINT("add-point", "points", Quantity.NUMBER, 1, on(DISCOUNT), on(CASHBACK), on(GIFT)),

    // “Add reward to card Applicable to Stamp card (card ID 0)”
    ADD_REWARD("add-reward", "rewards", Quantity.INTEGER, 7, on(STAMP)),

    // “Add scores to card Applies to Reward cards with the mechanics type “Points”, Subscription (card ID 7, 2)”
    ADD_SCORES("add-scores", "scores", Quantity.INTEGER, 5, on(REWARD, POINTS), on(MULTIPASS)),

    // “Add stamp to card Applies to Stamp card (card ID 0)”
    ADD_STAMP("add-stamp", "stamps", Quantity.INTEGER, 3, on(STAMP)),

    // “Add visit to card Applies to Subscription card (card ID 2), membership card WITHOUT LIMITS (card ID 6), stamp
    // card (card ID 0) with visit mechanics, rewards card (card ID 7) with visit mechanics.”
    ADD_VISIT("add-visit", "visits", Quantity.INTEGER, 9,
            on(MULTIPASS), membership(false), on(STAMP, VISIT), on(REWARD, VISIT)),

    // “Add purchase to card (add amount to card) Applies to stamp card (card ID 0) with spend mechanics, reward card
    // (card ID 7) with spend mechanics.”
    ADD_PURCHASE("add-purchase", "amount", Quantity.NUMBER, 11, on(STAMP, SPEND), on(REWARD, SPEND)),

    // “Receive reward (receive reward by client) Applicable to Reward card (card ID 7)”
    RECEIVE_REWARD("receive-reward", "id", Quantity.REWARD_TIER, 15, on(REWARD)),

    // “Redeem coupon Applies to Coupon card (card ID 3)”
    REDEEM_COUPON("redeem-coupon", null, Quantity.NONE, 16, on(COUPON)),

    // “Subtract amount from card Applies to Cashback card (card ID 1)”
    SUBTRACT_TRANSACTION_AMOUNT("subtract-transaction-amount", "amount", Quantity.INTEGER, 14, on(CASHBACK)),

    // “Subtract point from card Applies to Discount, Cashback, Certificate cards (card IDs 4, 1, 5)”
    SUBTRACT_POINT("subtract-point", "points", Quantity.NUMBER, 2, on(DISCOUNT), on(CASHBACK), on(GIFT)),

    // “Subtract reward from card Applicable to Stamp card (card ID 0)”
    SUBTRACT_REWARD("subtract-reward", "rewards", Quantity.INTEGER, 8, on(STAMP)),

    // “Subtract scores from card (Subtract points from card) Applies to Reward cards, Subscription cards (card IDs 7,
    // 2)” — no mechanics qualifier, unlike add-scores: every Reward card
    SUBTRACT_SCORES("subtract-scores", "scores", Quantity.INTEGER, 6, on(REWARD), on(MULTIPASS)),

    // “Subtract stamp from card Applies to Stamp card (card ID 0)”
    SUBTRACT_STAMP("subtract-stamp", "stamps", Quantity.INTEGER, 4, on(STAMP)),

    // “Subtract visit to card (add visits to card) Applies to Subscription card (card ID 2), Membership card WITH
    // LIMITS (card ID 6)” — read as subtract, as the contract does
    SUBTRACT_VISIT("subtract-visit", "visits", Quantity.INTEGER, 10, on(MULTIPASS), membership(true)),

    // Not in the vendor text: the contract's subtract-purchase (x-not-in-source-text), whose applicability is not
    // documented. As the counterpart of add-purchase it is accepted exactly where add-purchase is.
    SUBTRACT_PURCHASE("subtract-purchase", "amount", Quantity.NUMBER, 12, on(STAMP, SPEND), on(REWARD, SPEND));

    /** How the operation's body carries its quantity (the contract's input schemas). */
    enum Quantity {
        /** A required {@code integer} greater than 0. */
        INTEGER,
        /** A required {@code number} greater than 0. */
        NUMBER,
        /** receive-reward's {@code id}: required, an integer or null. */
        REWARD_TIER,
        /** redeem-coupon: no quantity, and the body itself is optional. */
        NONE
    }

    /**
     * One card type the vendor text applies an operation to, with its qualifier.
     *
     * @param mechanics the mechanics the template must have; null when the text names none
     * @param withLimits for Membership: WITH (true) or WITHOUT (false) limits; null when the text names none
     */
    record Applicability(WalletCardType type, WalletMechanics mechanics, Boolean withLimits) {

        boolean matches(WalletCardType cardType, WalletMechanics cardMechanics, boolean cardWithLimits) {
            return type == cardType && (mechanics == null || mechanics == cardMechanics)
                    && (withLimits == null || withLimits == cardWithLimits);
        }

        String describe() {
            String text = type.displayName();
            if (mechanics == POINTS) {
                text += " with the mechanics type “Points”";
            } else if (mechanics != null) {
                text += " with " + mechanics.vendorName() + " mechanics";
            }
            if (withLimits != null) {
                text += withLimits ? " with limits" : " without limits";
            }
            return text;
        }
    }

    private static final String COMMENT = "comment";
    private static final String PURCHASE_SUM = "purchaseSum";

    private final String path;
    private final String field;
    private final Quantity quantity;
    private final int eventId;
    private final List<Applicability> appliesTo;
    private final Set<String> bodyProperties;

    WalletCardOperation(String path, String field, Quantity quantity, int eventId, Applicability... appliesTo) {
        this.path = path;
        this.field = field;
        this.quantity = quantity;
        this.eventId = eventId;
        this.appliesTo = List.of(appliesTo);
        this.bodyProperties = field == null ? Set.of(COMMENT, PURCHASE_SUM) : Set.of(field, COMMENT, PURCHASE_SUM);
    }

    private static Applicability on(WalletCardType type) {
        return new Applicability(type, null, null);
    }

    private static Applicability on(WalletCardType type, WalletMechanics mechanics) {
        return new Applicability(type, mechanics, null);
    }

    private static Applicability membership(boolean withLimits) {
        return new Applicability(MEMBERSHIP, null, withLimits);
    }

    /** The last path segment, {@code /api/v2/cards/{id}/<path>}. */
    public String path() {
        return path;
    }

    /** The body field carrying the quantity ({@code points}, {@code visits}, ...); null for redeem-coupon. */
    String field() {
        return field;
    }

    /**
     * The {@code eventId} of the operations it records. The vendor does not document event ids; these are the
     * sandbox's own, one per operation kind, with add-scores = 5 as in the contract's example.
     */
    public int eventId() {
        return eventId;
    }

    /** Whether the vendor text applies the operation to a card of this type, mechanics and limits. */
    public boolean accepts(WalletCardType type, WalletMechanics mechanics, boolean withLimits) {
        return appliesTo.stream().anyMatch(entry -> entry.matches(type, mechanics, withLimits));
    }

    boolean accepts(WalletTemplate template) {
        return accepts(template.type(), template.mechanics(), template.withLimits());
    }

    /** The card types it applies to, as the vendor text qualifies them, for refusals. */
    String appliesTo() {
        return appliesTo.stream().map(Applicability::describe).collect(Collectors.joining("; "));
    }

    static Optional<WalletCardOperation> byPath(String path) {
        return Arrays.stream(values()).filter(operation -> operation.path.equals(path)).findFirst();
    }

    /**
     * Reads and checks the operation's body: its quantity field present and typed as the contract types it
     * (integer or number), greater than 0; {@code comment} a string; {@code purchaseSum} a number; nothing else.
     *
     * @param body the body, or null when the request had none (allowed for redeem-coupon only)
     * @throws WalletRefusal (422) naming every offending field
     */
    WalletOperationInput read(JsonNode body) {
        if (body == null) {
            if (quantity == Quantity.NONE) {
                return new WalletOperationInput(null, null, null, null);
            }
            throw WalletRefusal.invalid(path + " needs a body with " + field, List.of(new SandboxProblem(null, field, "is required")));
        }
        WalletBody reader = WalletBody.read(body, "the " + path + " body", bodyProperties);
        BigDecimal amount = switch (quantity) {
            case INTEGER -> {
                Long count = reader.positiveInteger(field);
                yield count == null ? null : BigDecimal.valueOf(count);
            }
            case NUMBER -> reader.positiveNumber(field);
            case REWARD_TIER, NONE -> null;
        };
        Long rewardTierId = null;
        if (quantity == Quantity.REWARD_TIER) {
            if (!reader.has(field)) {
                reader.problem(field, "is required (the reward tier's id, or null for the cheapest one available)");
            }
            rewardTierId = reader.integer(field);
        }
        String comment = reader.text(COMMENT);
        BigDecimal purchaseSum = reader.number(PURCHASE_SUM);
        reader.finish("invalid " + path + " body");
        return new WalletOperationInput(amount, rewardTierId, comment, purchaseSum);
    }
}
