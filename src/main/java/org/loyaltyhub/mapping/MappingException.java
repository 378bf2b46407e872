package org.loyaltyhub.mapping;

/** A mapping could not be applied to a message: a permanent failure for that message. */
public class MappingException extends RuntimeException {

    private final String mappingId;

    public MappingException(String mappingId, String message, Throwable cause) {
        super("Mapping " + mappingId + " failed: " + message, cause);
        this.mappingId = mappingId;
    }

    public String mappingId() {
        return mappingId;
    }
}
