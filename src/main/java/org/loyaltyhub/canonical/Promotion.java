package org.loyaltyhub.canonical;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A discount code and its rules ({@code mappings/canonical/promotion.schema.json}).
 *
 * @param code                  the code a customer types in; required
 * @param kind                  whether {@code amount} is a percentage or a fixed money amount
 * @param amount                the discount: a percent, or money in {@code currency}
 * @param currency              ISO 4217 code of a fixed amount and of {@code minOrderAmount}
 * @param enabled               whether the code can be redeemed
 * @param minOrderAmount        smallest order total the code applies to
 * @param validFrom             when the code becomes valid; offset kept as received
 * @param validUntil            when the code stops being valid; offset kept as received
 * @param expireAfterRedemption after how many (vendor-defined) units a redeemed code expires; {@code null} if never
 * @param catalogs              ids of the catalogs the code is tied to
 * @param applyToCatalogs       whether the discount applies only to those catalogs
 * @param description           free text
 * @param refs                  the promotion's ids in other systems, system name → id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Promotion(
        String code,
        Kind kind,
        @DecimalString BigDecimal amount,
        String currency,
        Boolean enabled,
        @DecimalString BigDecimal minOrderAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING,
                without = JsonFormat.Feature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE) OffsetDateTime validFrom,
        @JsonFormat(shape = JsonFormat.Shape.STRING,
                without = JsonFormat.Feature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE) OffsetDateTime validUntil,
        Integer expireAfterRedemption,
        List<Long> catalogs,
        Boolean applyToCatalogs,
        String description,
        Map<String, String> refs) {

    public Promotion {
        catalogs = CanonicalCollections.copy(catalogs);
        refs = CanonicalCollections.sortedCopy(refs);
    }

    /** How the promotion's amount applies, as the canonical JSON spells it. */
    public enum Kind {
        /** The amount is a percent off. */
        PERCENTAGE("percentage"),
        /** The amount is money off, in the promotion's currency. */
        FIXED("fixed");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        /** The canonical JSON value. */
        @JsonValue
        public String value() {
            return value;
        }
    }
}
