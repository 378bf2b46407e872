package org.loyaltyhub.sandbox.wallet;

import java.util.Locale;

/**
 * The wallet platform's card types, in the vendor text's notation ("Stamp - ID 0 Cashback - ID 1 Multipass - ID 2
 * Coupon - ID 3 Discount - ID 4 Gift - ID 5 Membership - ID 6 Reward - ID 7"). The id is a template's
 * {@code type}; a card answers the lowercase name as its {@code type} (the contract's {@code Card.type}). The
 * operation notes call Multipass "Subscription" and Gift "Certificate": the same types ({@code also_called} in the
 * contract).
 */
public enum WalletCardType {
    STAMP(0),
    CASHBACK(1),
    MULTIPASS(2),
    COUPON(3),
    DISCOUNT(4),
    GIFT(5),
    MEMBERSHIP(6),
    REWARD(7);

    private final int id;

    WalletCardType(int id) {
        this.id = id;
    }

    /** The card type ID of the vendor text, answered as {@code Template.type}. */
    public int id() {
        return id;
    }

    /** {@code Card.type}: stamp, cashback, multipass, coupon, discount, gift, membership, reward. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type list's name (Stamp, Cashback, ...), for messages. */
    String displayName() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
