package org.loyaltyhub.spi;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A card's ledger state: its balance (null when its program keeps none) and its PIN state.
 *
 * @param failedPinAttempts  wrong PINs in the current window (since {@code firstFailedPinAt})
 * @param pinLocks           locks since the last right PIN: each one lasts twice the one before
 * @param dailyPinFailures   wrong PINs in the day that began at {@code firstDailyFailureAt}
 * @param lockedForOperator  the daily ceiling was reached: only an operator unlocks
 */
public record CardAccount(String cardNumber, BigDecimal balance, String pinHash, int failedPinAttempts,
        Instant firstFailedPinAt, Instant lockedUntil, int pinLocks, int dailyPinFailures, Instant firstDailyFailureAt,
        boolean lockedForOperator) {

    public boolean hasPin() {
        return pinHash != null;
    }

    /** The PIN state after a wrong or a right PIN, or an operator's unlock. */
    public record PinState(int failedPinAttempts, Instant firstFailedPinAt, Instant lockedUntil, int pinLocks,
            int dailyPinFailures, Instant firstDailyFailureAt, boolean lockedForOperator) {

        static final PinState CLEAR = new PinState(0, null, null, 0, 0, null, false);
    }

    public PinState pinState() {
        return new PinState(failedPinAttempts, firstFailedPinAt, lockedUntil, pinLocks, dailyPinFailures, firstDailyFailureAt,
                lockedForOperator);
    }
}
