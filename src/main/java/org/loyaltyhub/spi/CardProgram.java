package org.loyaltyhub.spi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A card program ({@code hub.programs.<name>}): everything about a card that the card itself does not carry.
 *
 * @param currency          ISO 4217 code of balances and amounts
 * @param cardName          SPI card_name
 * @param cardType          SPI card_type
 * @param limitType         hard: a sale may not take the balance below zero; soft: it may; unlimited: no balance
 * @param originalBalance   a new account's balance (hard and soft)
 * @param discountTiers     discount percentage by accumulated amount: the tier with the highest {@code from} not above it
 * @param alternateDiscount optional alternative discount for products with a given attribute
 * @param requiresPin       every card of the program needs a PIN (a card with a PIN set needs it anyway)
 * @param expires           optional expiry, a date (end of that day, UTC) or an RFC 3339 date-time; after it cards are inactive
 * @param active            false switches the whole program off
 */
public record CardProgram(
        String currency,
        String cardName,
        String cardType,
        @DefaultValue("unlimited") LimitType limitType,
        BigDecimal originalBalance,
        @DefaultValue List<DiscountTier> discountTiers,
        AlternateDiscount alternateDiscount,
        @DefaultValue("false") boolean requiresPin,
        String expires,
        @DefaultValue("true") boolean active) {

    public enum LimitType {
        HARD, SOFT, UNLIMITED;

        public String spiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record DiscountTier(@DefaultValue("0") BigDecimal from, int percentage) {
    }

    public record AlternateDiscount(int percentage, String productAttributeId, String productAttributeValue) {
    }

    public CardProgram {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("a card program needs a currency (ISO 4217, e.g. MDL), got " + currency);
        }
        if (limitType != LimitType.UNLIMITED && originalBalance == null) {
            throw new IllegalArgumentException("a " + limitType.spiName() + "-limit program needs an original-balance");
        }
        discountTiers = discountTiers == null ? List.of() : List.copyOf(discountTiers);
        expiresAt(expires); // fails at start, not at the first lookup
    }

    public boolean keepsBalance() {
        return limitType != LimitType.UNLIMITED;
    }

    public int discountPercentage(BigDecimal accumulated) {
        return discountTiers.stream()
                .filter(tier -> tier.from().compareTo(accumulated) <= 0)
                .max(Comparator.comparing(DiscountTier::from))
                .map(DiscountTier::percentage).orElse(0);
    }

    public Instant expiresAt() {
        return expiresAt(expires);
    }

    public boolean expiredAt(Instant now) {
        Instant expiry = expiresAt();
        return expiry != null && !now.isBefore(expiry);
    }

    private static Instant expiresAt(String expires) {
        if (expires == null || expires.isBlank()) {
            return null;
        }
        return expires.length() == 10
                ? LocalDate.parse(expires).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                : OffsetDateTime.parse(expires).toInstant();
    }
}
