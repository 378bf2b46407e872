package org.loyaltyhub.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sandbox request that breaks the contract; answered with 400 and {@link #body()}. */
public class SandboxValidationException extends RuntimeException {

    private final List<SandboxProblem> details;

    public SandboxValidationException(String error, List<SandboxProblem> details) {
        super(error);
        this.details = List.copyOf(details);
    }

    public SandboxValidationException(String error) {
        this(error, List.of());
    }

    public List<SandboxProblem> details() {
        return details;
    }

    /** The answer's JSON body: {@code {"error": "...", "details": [{"index", "field", "message"}]}}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        return body;
    }
}
