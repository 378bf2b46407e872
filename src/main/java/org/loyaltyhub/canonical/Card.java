package org.loyaltyhub.canonical;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalDate;
import java.util.Map;

/**
 * A discount or loyalty card and its holder ({@code mappings/canonical/card.schema.json}). The card number is the
 * card's key everywhere in the hub. Absent and {@code null} are the same thing here: both are left out of the JSON.
 *
 * @param number      the card number (ecom {@code code}, SPI {@code card_number}); required
 * @param barcode     the barcode printed on the card
 * @param active      whether the card can be used; {@code null} when the source does not say
 * @param holder      the person or company the card belongs to
 * @param accumulated total accumulated on the card, which picks the program's discount tier
 * @param program     key of the card program under {@code hub.programs}
 * @param refs        the card's ids in other systems, system name → id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Card(
        String number,
        String barcode,
        Boolean active,
        Holder holder,
        Money accumulated,
        String program,
        Map<String, String> refs) {

    public Card {
        refs = CanonicalCollections.sortedCopy(refs);
    }

    /**
     * The card's holder.
     *
     * @param legalEntityName legal name when the holder is a company
     * @param birthDate       date of birth, written YYYY-MM-DD
     * @param userId          id of the user account the card is linked to, as a string
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holder(
            String firstName,
            String lastName,
            String legalEntityName,
            Gender gender,
            @JsonFormat(shape = JsonFormat.Shape.STRING) LocalDate birthDate,
            String address,
            String userId,
            String email,
            String phone) {
    }

    /** The holder's gender, as the canonical JSON spells it. */
    public enum Gender {
        MALE("male"),
        FEMALE("female");

        private final String value;

        Gender(String value) {
            this.value = value;
        }

        /** The canonical JSON value. */
        @JsonValue
        public String value() {
            return value;
        }
    }
}
