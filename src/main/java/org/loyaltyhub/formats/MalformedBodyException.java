package org.loyaltyhub.formats;

/** An inbound body that cannot be read as JSON or XML; the message names the position, never the content. */
public class MalformedBodyException extends RuntimeException {

    public MalformedBodyException(String message) {
        super(message);
    }
}
