package org.loyaltyhub.reliability;

/**
 * A call that changes something at a vendor went out and its outcome is unknown (no answer, a reset after
 * sending, a 5xx that does not say the request was not taken), and the vendor offers no way to read whether it
 * took effect. Sending it again could apply it twice, so it is never retried: its event is parked as a dead
 * letter of unknown outcome, which only an operator replays, after checking the vendor.
 */
public class OutcomeUnknownException extends VendorRejectedException {

    public OutcomeUnknownException(String message) {
        super(message, false);
    }

    /** Whether the failure, or one of its causes, is an unknown outcome. */
    public static boolean in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OutcomeUnknownException) {
                return true;
            }
        }
        return false;
    }
}
