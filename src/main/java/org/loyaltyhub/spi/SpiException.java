package org.loyaltyhub.spi;

import java.util.Map;

/**
 * A refused SPI request: the HTTP status and the contract's Error object fields. The message is shown to
 * the register, so it never holds a card number or a PIN.
 */
public class SpiException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final Map<String, Object> data;

    public SpiException(int status, String errorCode, String message) {
        this(status, errorCode, message, Map.of());
    }

    public SpiException(int status, String errorCode, String message, Map<String, Object> data) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.errorCode = errorCode;
        this.data = Map.copyOf(data);
    }

    public static SpiException badRequest(String errorCode, String message) {
        return new SpiException(400, errorCode, message);
    }

    public static SpiException fieldMissing(String field) {
        return new SpiException(400, "field-missing", "Missing field: " + field, Map.of("field", field));
    }

    public static SpiException fieldInvalid(String field, String expected) {
        return new SpiException(400, "field-invalid", "Field " + field + " must be " + expected, Map.of("field", field));
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public Map<String, Object> data() {
        return data;
    }
}
