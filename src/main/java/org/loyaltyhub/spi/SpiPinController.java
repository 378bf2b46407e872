package org.loyaltyhub.spi;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Operators set or clear a card's PIN, read its lock state and unlock it (behind the operator login, like all
 * of {@code /ops}). Setting or clearing also lifts a lockout. The PIN is stored as a salted hash only.
 */
@RestController
@RequestMapping("/ops/api/spi/cards/{cardNumber}/pin")
public class SpiPinController {

    /** What a register's keypad can send: 4 to 12 digits. */
    private static final String PIN_FORMAT = "[0-9]{4,12}";

    private final SpiCards cards;
    private final CardAccounts accounts;
    private final CardPins pins;
    private final CardPrograms programs;
    private final SpiProperties properties;

    public SpiPinController(SpiCards cards, CardAccounts accounts, CardPins pins, CardPrograms programs, SpiProperties properties) {
        this.cards = cards;
        this.accounts = accounts;
        this.pins = pins;
        this.programs = programs;
        this.properties = properties;
    }

    /** Body {@code {"pin": "1234"}}. */
    @PutMapping
    @Transactional
    public ResponseEntity<Void> set(@PathVariable String cardNumber, @RequestBody JsonNode body) {
        JsonNode pin = body.path("pin");
        if (!pin.isTextual() || !pin.asText().matches(PIN_FORMAT)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "pin must be a string of 4 to 12 digits");
        }
        String number = lockedAccount(cardNumber);
        accounts.setPinHash(number, pins.hash(pin.asText()));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    @Transactional
    public ResponseEntity<Void> clear(@PathVariable String cardNumber) {
        accounts.setPinHash(lockedAccount(cardNumber), null);
        return ResponseEntity.noContent().build();
    }

    /** The card's PIN state: whether one is set, wrong PINs counted, and any lock (never the PIN or its hash). */
    @GetMapping
    @Transactional
    public Map<String, Object> state(@PathVariable String cardNumber) {
        CardAccount account = accounts.find(lockedAccount(cardNumber)).orElseThrow();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("pinSet", account.hasPin());
        state.put("failedAttempts", account.failedPinAttempts());
        state.put("failedToday", account.dailyPinFailures());
        state.put("locks", account.pinLocks());
        state.put("lockedUntil", account.lockedUntil() == null ? null : account.lockedUntil().toString());
        state.put("lockedUntilOperatorUnlocks", account.lockedForOperator());
        return state;
    }

    /** Lifts a lock (also one from the daily ceiling) and every count, keeping the PIN. */
    @DeleteMapping("/lock")
    @Transactional
    public ResponseEntity<Void> unlock(@PathVariable String cardNumber) {
        pins.unlock(lockedAccount(cardNumber));
        return ResponseEntity.noContent().build();
    }

    private String lockedAccount(String cardNumber) {
        JsonNode card;
        try {
            card = cards.find(cardNumber);
        } catch (SpiException notFound) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No card with this number");
        }
        String number = card.path("number").asText();
        accounts.lock(number, programs.of(card.path("program").isTextual() ? card.path("program").asText() : null,
                properties.defaultProgram()));
        return number;
    }
}
