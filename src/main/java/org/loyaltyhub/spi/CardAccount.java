package org.loyaltyhub.spi;

import java.math.BigDecimal;
import java.time.Instant;

/** A card's ledger state: its balance (null when its program keeps none) and its PIN state. */
public record CardAccount(String cardNumber, BigDecimal balance, String pinHash, int failedPinAttempts,
        Instant firstFailedPinAt, Instant lockedUntil) {

    public boolean hasPin() {
        return pinHash != null;
    }
}
