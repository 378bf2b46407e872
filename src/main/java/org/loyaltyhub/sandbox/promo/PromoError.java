package org.loyaltyhub.sandbox.promo;

/**
 * The {@code error} numbers of the promo sandbox's attach answers. The vendor documents only 0 ("Successful
 * operation") and "non-zero is a failure"; these numbers are the sandbox's own, one per outcome the hub must tell
 * apart. How the hub should classify them (issue 5):
 * <ul>
 * <li>0 {@link #SUCCESS}: delivered.</li>
 * <li>1 {@link #INVALID_REQUEST}: malformed JSON or XML (including any DOCTYPE or entity, refused for safety), a
 * required parameter missing or of the wrong type, an unknown parameter or matching mode. Permanent: the same
 * request fails again (a mapping or configuration bug).</li>
 * <li>2 {@link #BAD_TOKEN}: {@code token} missing or wrong. Permanent (configuration).</li>
 * <li>3 {@link #PROFILE_NOT_FOUND}: no profile matches. Permanent.</li>
 * <li>4 {@link #ALREADY_ATTACHED}: the code is attached already and its multiple use is restricted. Permanent.</li>
 * <li>5 {@link #POOL_EMPTY}: no code given and the loyalty program has no free code. Retryable: the pool may be
 * refilled.</li>
 * <li>6 {@link #UNKNOWN_DATABASE}: {@code db_id} is not the sandbox's database. Permanent (configuration).</li>
 * </ul>
 */
public enum PromoError {

    SUCCESS(0, "Successful operation"),
    INVALID_REQUEST(1, "Invalid request"),
    BAD_TOKEN(2, "Invalid API token"),
    PROFILE_NOT_FOUND(3, "Profile not found"),
    ALREADY_ATTACHED(4, "Promo code is already attached and its multiple usage is restricted"),
    POOL_EMPTY(5, "No promo codes available in the loyalty program"),
    UNKNOWN_DATABASE(6, "Unknown database");

    private final int number;
    private final String text;

    PromoError(int number, String text) {
        this.number = number;
        this.text = text;
    }

    public int number() {
        return number;
    }

    public String text() {
        return text;
    }
}
