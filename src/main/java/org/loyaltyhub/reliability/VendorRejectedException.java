package org.loyaltyhub.reliability;

/**
 * A vendor answered with an error in its own terms (an error code in a 200 answer, say). Whether a
 * retry can help is the vendor's answer, read by the route that classified it.
 */
public class VendorRejectedException extends RuntimeException {

    private final boolean retryable;

    public VendorRejectedException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
