package org.loyaltyhub.sandbox.promo;

/**
 * The outcomes of an attach, as the promo sandbox answers them in {@code error} / {@code error_text}. The vendor
 * document gives one number, 0 ("Successful operation"); every other outcome is a refusal whose number the document
 * does not give, so those numbers are the sandbox's own: the defaults below, each settable as
 * {@code hub.sandbox.promo.errors.<key>} ({@link PromoErrorNumbers}). The hub must not read meaning into them.
 */
public enum PromoError {

    /** The document's one number and text. */
    SUCCESS(null, 0, "Successful operation"),
    /** Unreadable body, a required parameter missing, a wrong type or value, a matching mode without its identifier, an unknown db_id. */
    INVALID_REQUEST("invalid-request", 1, "Invalid request"),
    /** {@code token} missing or not the sandbox's. */
    BAD_TOKEN("bad-token", 2, "Invalid API token"),
    /** No profile matches the request's matching mode and identifier. */
    PROFILE_NOT_FOUND("profile-not-found", 3, "Profile not found"),
    /** The document's one named error: "the code is already attached and its multiple usage is restricted". */
    ALREADY_ATTACHED("already-attached", 4, "Promo code is already attached and its multiple usage is restricted"),
    /** No code given, and the loyalty program has no promo code available. */
    NO_FREE_CODE("no-free-code", 5, "No promo codes available in the loyalty program");

    private final String key;
    private final int defaultNumber;
    private final String text;

    PromoError(String key, int defaultNumber, String text) {
        this.key = key;
        this.defaultNumber = defaultNumber;
        this.text = text;
    }

    /** The key under {@code hub.sandbox.promo.errors}; null for {@link #SUCCESS}, whose 0 the document fixes. */
    public String key() {
        return key;
    }

    public int defaultNumber() {
        return defaultNumber;
    }

    public String text() {
        return text;
    }
}
