package org.loyaltyhub.inbound;

/** An inbound request refused before its body is read (key, content type, size), with the HTTP status to answer. */
public class InboundRefusal extends RuntimeException {

    private final int status;
    private final String title;

    public InboundRefusal(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
