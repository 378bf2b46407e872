package org.loyaltyhub.sandbox.wallet;

/**
 * How a Stamp or Reward template earns, a setting the vendor text qualifies operations by ("stamp card with visit
 * mechanics", "reward card with spend mechanics", "Reward cards with the mechanics type “Points”"). The contract's
 * {@code Template} has no field for it (NOTES.md, wallet): it is a sandbox-internal template setting, used only to
 * decide which operations a card accepts.
 */
public enum WalletMechanics {
    /** Earns per visit. */
    VISIT("visit"),
    /** Earns per amount spent. */
    SPEND("spend"),
    /** Earns points (scores); the vendor writes “Points”. */
    POINTS("Points");

    private final String vendorName;

    WalletMechanics(String vendorName) {
        this.vendorName = vendorName;
    }

    /** The word the vendor text uses, for messages. */
    String vendorName() {
        return vendorName;
    }
}
