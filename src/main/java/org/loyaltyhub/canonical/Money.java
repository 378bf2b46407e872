package org.loyaltyhub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount of money in one currency ({@code common.schema.json#/$defs/money}).
 *
 * @param amount   the amount; travels as a decimal string such as "5166.00", scale kept as written
 * @param currency ISO 4217 alphabetic code, for example "MDL"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Money(@DecimalString BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    /** Money from its canonical text form, for example {@code Money.of("5166.00", "MDL")}. */
    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }
}
