package org.loyaltyhub.spi;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.spi}: the registers' API keys, the program of cards that name none, the body size limit and
 * the PIN lockout.
 *
 * @param apiKeys        accepted {@code Authorization: Bearer} keys, comma-separated
 * @param defaultProgram key under {@code hub.programs} for cards without a {@code program}
 * @param maxBodyBytes   larger request bodies are refused with 413
 * @param maxAmount      the largest total or discount one request may carry (the ledger keeps 14 integer digits;
 *                       this leaves room for a card's sums)
 * @param pin            wrong-PIN lockout
 */
@ConfigurationProperties("hub.spi")
public record SpiProperties(
        @DefaultValue("") String apiKeys,
        @DefaultValue("standard") String defaultProgram,
        @DefaultValue("65536") int maxBodyBytes,
        @DefaultValue("999999999.99") java.math.BigDecimal maxAmount,
        @DefaultValue Pin pin) {

    /**
     * @param maxAttempts  wrong PINs within {@code window} that lock the card
     * @param window       how long wrong PINs are counted together
     * @param lockDuration how long the first lock lasts; each further lock before a right PIN lasts twice as long
     * @param maxLockDuration the longest a lock grows to
     * @param dailyMaxAttempts wrong PINs within a day after which only an operator unlocks the card
     */
    public record Pin(@DefaultValue("5") int maxAttempts, @DefaultValue("15m") Duration window,
            @DefaultValue("15m") Duration lockDuration, @DefaultValue("8h") Duration maxLockDuration,
            @DefaultValue("15") int dailyMaxAttempts) {
    }

    public List<String> apiKeyList() {
        return Arrays.stream(apiKeys.split(",")).map(String::trim).filter(key -> !key.isEmpty()).toList();
    }
}
