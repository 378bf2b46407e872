package org.loyaltyhub.embedded;

/** An embedded server's port is taken by another process. */
public class PortInUseException extends RuntimeException {

    private final String howToChange;

    PortInUseException(String what, String host, int port, String howToChange) {
        super("Port " + port + " on " + host + " for the embedded " + what + " is already in use");
        this.howToChange = howToChange;
    }

    public String howToChange() {
        return howToChange;
    }
}
