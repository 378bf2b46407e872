package org.loyaltyhub.sandbox.promo;

/** An attach request the promo sandbox answers with a non-zero {@code error}; the message adds the particulars. */
public class PromoRefusal extends RuntimeException {

    private final PromoError error;

    public PromoRefusal(PromoError error, String detail) {
        super(detail == null ? error.text() : error.text() + ": " + detail);
        this.error = error;
    }

    public PromoError error() {
        return error;
    }
}
