package org.loyaltyhub.canonical;

/** Card numbers outside the store: logs and operator answers show only their last four characters. */
public final class CardNumbers {

    private CardNumbers() {
    }

    /** A card number for logs: only its last four characters. */
    public static String mask(String cardNumber) {
        if (cardNumber == null) {
            return "null";
        }
        return cardNumber.length() > 4 ? "****" + cardNumber.substring(cardNumber.length() - 4) : "****";
    }
}
