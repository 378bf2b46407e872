package org.loyaltyhub.spi;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * PIN checks with an escalating lockout: a card whose program or account requires a PIN needs the right one.
 * {@code max-attempts} wrong PINs within {@code window} lock the card for {@code lock-duration}, each further
 * lock (until a right PIN) twice as long, at most {@code max-lock-duration}; {@code daily-max-attempts} wrong
 * PINs within a day lock it until an operator unlocks it. PINs are kept only as salted bcrypt hashes.
 * The ledger calls this only for a request that is otherwise valid (the card, and the transaction on that
 * card), so a till can lock a card only through real attempts on it.
 */
@Component
public class CardPins {

    private static final Logger LOG = LoggerFactory.getLogger(CardPins.class);

    private final CardAccounts accounts;
    private final PasswordEncoder encoder;
    private final SpiProperties.Pin settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public CardPins(CardAccounts accounts, SpiProperties properties, MeterRegistry meters) {
        this.accounts = accounts;
        // not a bean: a PasswordEncoder bean would replace the operator login's encoder
        this.encoder = new BCryptPasswordEncoder();
        this.settings = properties.pin();
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    public static boolean required(CardProgram program, CardAccount account) {
        return program.requiresPin() || (account != null && account.hasPin());
    }

    /**
     * Checks the PIN on a locked account. A wrong PIN is counted on the account; the caller commits that and
     * then answers with the returned refusal (so the count survives although the request is refused).
     */
    public Optional<SpiException> check(CardAccount account, CardProgram program, String pinInput) {
        if (!required(program, account)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (account.lockedForOperator()) {
            return Optional.of(lockedForOperator());
        }
        if (account.lockedUntil() != null && now.isBefore(account.lockedUntil())) {
            return Optional.of(locked(account.lockedUntil()));
        }
        if (pinInput == null || pinInput.isEmpty()) {
            return Optional.of(new SpiException(422, "invalid-pin", "This card requires a PIN (pin_input)"));
        }
        if (!account.hasPin()) {
            return Optional.of(new SpiException(422, "invalid-pin", "No PIN is set for this card yet"));
        }
        if (encoder.matches(pinInput, account.pinHash())) {
            CardAccount.PinState after = afterRightPin(account.pinState());
            if (!after.equals(account.pinState())) {
                accounts.setPinState(account.cardNumber(), after);
            }
            return Optional.empty();
        }
        CardAccount.PinState after = afterWrongPin(account.pinState(), now, settings);
        accounts.setPinState(account.cardNumber(), after);
        if (after.lockedForOperator()) {
            meters.counter("hub.spi.pin.locks", "until", "operator").increment();
            LOG.warn("Card {} locked until an operator unlocks it: {} wrong PINs within a day",
                    SpiErrors.mask(account.cardNumber()), after.dailyPinFailures());
            return Optional.of(lockedForOperator());
        }
        if (after.lockedUntil() != null) {
            meters.counter("hub.spi.pin.locks", "until", "time").increment();
            LOG.warn("Card {} locked until {} after {} wrong PINs (lock {} since the last right PIN)",
                    SpiErrors.mask(account.cardNumber()), after.lockedUntil(), settings.maxAttempts(), after.pinLocks());
            return Optional.of(locked(after.lockedUntil()));
        }
        return Optional.of(new SpiException(422, "invalid-pin", "Invalid PIN",
                Map.of("attempts_left", settings.maxAttempts() - after.failedPinAttempts())));
    }

    /** A right PIN ends the window and the escalation; the day's count stays, so guesses around it still add up. */
    static CardAccount.PinState afterRightPin(CardAccount.PinState state) {
        return new CardAccount.PinState(0, null, null, 0, state.dailyPinFailures(), state.firstDailyFailureAt(), false);
    }

    /** The state after one more wrong PIN at {@code now} on a card that is not locked. */
    static CardAccount.PinState afterWrongPin(CardAccount.PinState state, Instant now, SpiProperties.Pin settings) {
        boolean sameDay = state.firstDailyFailureAt() != null && now.isBefore(state.firstDailyFailureAt().plus(Duration.ofDays(1)));
        int daily = sameDay ? state.dailyPinFailures() + 1 : 1;
        Instant dayStart = sameDay ? state.firstDailyFailureAt() : now;
        if (daily >= settings.dailyMaxAttempts()) {
            return new CardAccount.PinState(0, null, null, state.pinLocks() + 1, daily, dayStart, true);
        }
        boolean sameWindow = state.firstFailedPinAt() != null && now.isBefore(state.firstFailedPinAt().plus(settings.window()));
        int attempts = sameWindow ? state.failedPinAttempts() + 1 : 1;
        Instant windowStart = sameWindow ? state.firstFailedPinAt() : now;
        if (attempts >= settings.maxAttempts()) {
            int locks = state.pinLocks() + 1;
            return new CardAccount.PinState(0, null, now.plus(lockDuration(locks, settings)), locks, daily, dayStart, false);
        }
        return new CardAccount.PinState(attempts, windowStart, null, state.pinLocks(), daily, dayStart, false);
    }

    /** The n-th lock since the last right PIN: lock-duration x 2^(n-1), at most max-lock-duration. */
    static Duration lockDuration(int lock, SpiProperties.Pin settings) {
        Duration duration = settings.lockDuration();
        for (int i = 1; i < lock && duration.compareTo(settings.maxLockDuration()) < 0; i++) {
            duration = duration.multipliedBy(2);
        }
        return duration.compareTo(settings.maxLockDuration()) > 0 ? settings.maxLockDuration() : duration;
    }

    /** An operator's unlock: every lock and count lifted, the PIN kept. */
    public void unlock(String cardNumber) {
        accounts.setPinState(cardNumber, CardAccount.PinState.CLEAR);
        meters.counter("hub.spi.pin.unlocks").increment();
        LOG.info("Card {} unlocked by an operator", SpiErrors.mask(cardNumber));
    }

    public String hash(String pin) {
        return encoder.encode(pin);
    }

    private static SpiException locked(Instant until) {
        return new SpiException(422, "card-locked", "Too many wrong PINs: the card is locked for now",
                Map.of("locked_until", until.toString()));
    }

    private static SpiException lockedForOperator() {
        return new SpiException(422, "card-locked", "Too many wrong PINs today: the card is locked until an operator unlocks it",
                Map.of("unlock", "operator"));
    }
}
