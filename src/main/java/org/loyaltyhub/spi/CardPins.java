package org.loyaltyhub.spi;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * PIN checks with a lockout: a card whose program or account requires a PIN needs the right one; wrong PINs
 * are counted per window and lock the card for a while. PINs are kept only as salted bcrypt hashes.
 */
@Component
public class CardPins {

    private final CardAccounts accounts;
    private final PasswordEncoder encoder;
    private final SpiProperties.Pin settings;
    private final Clock clock;

    public CardPins(CardAccounts accounts, SpiProperties properties) {
        this.accounts = accounts;
        // not a bean: a PasswordEncoder bean would replace the operator login's encoder
        this.encoder = new BCryptPasswordEncoder();
        this.settings = properties.pin();
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
        if (account.lockedUntil() != null && now.isBefore(account.lockedUntil())) {
            return Optional.of(locked());
        }
        if (pinInput == null || pinInput.isEmpty()) {
            return Optional.of(new SpiException(422, "invalid-pin", "This card requires a PIN (pin_input)"));
        }
        if (!account.hasPin()) {
            return Optional.of(new SpiException(422, "invalid-pin", "No PIN is set for this card yet"));
        }
        if (encoder.matches(pinInput, account.pinHash())) {
            if (account.failedPinAttempts() > 0 || account.lockedUntil() != null) {
                accounts.setPinFailures(account.cardNumber(), 0, null, null);
            }
            return Optional.empty();
        }
        boolean sameWindow = account.firstFailedPinAt() != null && now.isBefore(account.firstFailedPinAt().plus(settings.window()));
        int attempts = sameWindow ? account.failedPinAttempts() + 1 : 1;
        Instant first = sameWindow ? account.firstFailedPinAt() : now;
        if (attempts >= settings.maxAttempts()) {
            accounts.setPinFailures(account.cardNumber(), 0, null, now.plus(settings.lockDuration()));
            return Optional.of(locked());
        }
        accounts.setPinFailures(account.cardNumber(), attempts, first, null);
        return Optional.of(new SpiException(422, "invalid-pin", "Invalid PIN",
                java.util.Map.of("attempts_left", settings.maxAttempts() - attempts)));
    }

    public String hash(String pin) {
        return encoder.encode(pin);
    }

    private SpiException locked() {
        return new SpiException(422, "card-locked", "Too many wrong PINs: the card is locked for "
                + settings.lockDuration().toMinutes() + " minutes");
    }
}
