package org.loyaltyhub.store;

/** {@code fields.yaml} is invalid; the message names file and line. */
public class FieldRulesException extends RuntimeException {

    public FieldRulesException(String message) {
        super(message);
    }
}
