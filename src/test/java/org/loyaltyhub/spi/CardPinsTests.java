package org.loyaltyhub.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lockout's arithmetic: windows, escalation and the daily ceiling. */
class CardPinsTests {

    private static final SpiProperties.Pin SETTINGS = new SpiProperties.Pin(5, Duration.ofMinutes(15), Duration.ofMinutes(15),
            Duration.ofHours(8), 15);
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void fiveWrongPinsInAWindowLockForFifteenMinutes() {
        CardAccount.PinState state = wrong(CardAccount.PinState.CLEAR, T0, 4);
        assertThat(state.failedPinAttempts()).isEqualTo(4);
        assertThat(state.lockedUntil()).isNull();
        state = CardPins.afterWrongPin(state, T0, SETTINGS);
        assertThat(state.lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(state.pinLocks()).isOne();
        assertThat(state.failedPinAttempts()).isZero();
    }

    @Test
    void wrongPinsOutsideTheWindowStartItAgain() {
        CardAccount.PinState state = wrong(CardAccount.PinState.CLEAR, T0, 4);
        state = CardPins.afterWrongPin(state, T0.plus(Duration.ofMinutes(16)), SETTINGS);
        assertThat(state.failedPinAttempts()).isOne();
        assertThat(state.lockedUntil()).isNull();
        assertThat(state.dailyPinFailures()).as("the day counts on").isEqualTo(5);
    }

    @Test
    void eachLockBeforeARightPinLastsTwiceAsLongUpToTheMaximum() {
        assertThat(CardPins.lockDuration(1, SETTINGS)).isEqualTo(Duration.ofMinutes(15));
        assertThat(CardPins.lockDuration(2, SETTINGS)).isEqualTo(Duration.ofMinutes(30));
        assertThat(CardPins.lockDuration(3, SETTINGS)).isEqualTo(Duration.ofMinutes(60));
        assertThat(CardPins.lockDuration(10, SETTINGS)).isEqualTo(Duration.ofHours(8));
        assertThat(CardPins.lockDuration(10_000, SETTINGS)).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void theDailyCeilingLocksUntilAnOperatorAndARightPinDoesNotResetTheDay() {
        CardAccount.PinState state = wrong(CardAccount.PinState.CLEAR, T0, 10);
        state = CardPins.afterRightPin(state);
        assertThat(state.pinLocks()).isZero();
        assertThat(state.dailyPinFailures()).isEqualTo(10);
        state = wrong(state, T0.plus(Duration.ofHours(2)), 5);
        assertThat(state.lockedForOperator()).isTrue();
        assertThat(state.dailyPinFailures()).isEqualTo(15);
    }

    @Test
    void aNewDayStartsTheDailyCountAgain() {
        CardAccount.PinState state = wrong(CardAccount.PinState.CLEAR, T0, 3);
        state = CardPins.afterWrongPin(state, T0.plus(Duration.ofDays(1)), SETTINGS);
        assertThat(state.dailyPinFailures()).isOne();
        assertThat(state.firstDailyFailureAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
    }

    /** {@code count} wrong PINs at {@code at}, each on the state the one before left (locks passed over). */
    private static CardAccount.PinState wrong(CardAccount.PinState state, Instant at, int count) {
        for (int i = 0; i < count; i++) {
            state = CardPins.afterWrongPin(state, at, SETTINGS);
        }
        return state;
    }
}
