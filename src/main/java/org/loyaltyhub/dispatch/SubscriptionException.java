package org.loyaltyhub.dispatch;

/** {@code subscriptions.yaml} is invalid; the message names file and line. */
public class SubscriptionException extends RuntimeException {

    public SubscriptionException(String message) {
        super(message);
    }
}
