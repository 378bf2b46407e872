package org.loyaltyhub.sandbox.wallet;

import org.loyaltyhub.sandbox.SandboxProblem;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;

/**
 * A wallet sandbox call it refuses, answered with {@link #status()} and the contract's {@code Error} object
 * {@code {"code", "message", "details"?}} ({@link #body()}); {@code code} repeats the status, as {@code code} does in
 * the success envelope. The statuses and why each is chosen are in {@link WalletSandboxController}.
 */
final class WalletRefusal extends RuntimeException {

    private final HttpStatus status;
    private final List<SandboxProblem> details;

    private WalletRefusal(HttpStatus status, String message, List<SandboxProblem> details) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.details = List.copyOf(details);
    }

    /** 400: the body cannot be read as JSON at all. */
    static WalletRefusal malformed(String message) {
        return new WalletRefusal(HttpStatus.BAD_REQUEST, message, List.of());
    }

    /** 422: the request reads but breaks the contract, naming every offending field. */
    static WalletRefusal invalid(String message, List<SandboxProblem> details) {
        return new WalletRefusal(HttpStatus.UNPROCESSABLE_ENTITY, message, details);
    }

    /** 422: the request is well formed, but the card's type or state does not allow it. */
    static WalletRefusal refused(String message) {
        return new WalletRefusal(HttpStatus.UNPROCESSABLE_ENTITY, message, List.of());
    }

    /** 404: the path names a customer, card or template the sandbox does not have. */
    static WalletRefusal notFound(String message) {
        return new WalletRefusal(HttpStatus.NOT_FOUND, message, List.of());
    }

    /** 409: the request would make a second customer with the same external user id. */
    static WalletRefusal conflict(String message) {
        return new WalletRefusal(HttpStatus.CONFLICT, message, List.of());
    }

    /** 401: the API key is missing or wrong; the message never contains the key. */
    static WalletRefusal unauthorized(String message) {
        return new WalletRefusal(HttpStatus.UNAUTHORIZED, message, List.of());
    }

    HttpStatus status() {
        return status;
    }

    List<SandboxProblem> details() {
        return details;
    }

    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", status.value()).put("message", getMessage());
        if (!details.isEmpty()) {
            details.forEach(problem -> {
                ObjectNode detail = body.withArray("details").addObject();
                if (problem.field() != null) {
                    detail.put("field", problem.field());
                }
                detail.put("message", problem.message());
            });
        }
        return body;
    }
}
