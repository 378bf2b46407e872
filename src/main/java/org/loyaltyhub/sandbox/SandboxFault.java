package org.loyaltyhub.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fault injected into one sandbox system: the JSON body of {@code PUT /sandbox/<system>/_faults} and the shape of
 * {@code hub.sandbox.faults.<system>.*}.
 *
 * @param status status answered instead of the vendor's answer; null to let the call through (delay only)
 * @param rate share of calls that fail, 0..1 (default 1: every call)
 * @param delayMs pause before every call of the system is answered, failed or not
 * @param timeout whether failing calls hang for {@link SandboxFaultFilter#HANG} first, so that clients time out
 * @param retryAfterSeconds {@code Retry-After} sent with an injected 429 or 503; null for none
 */
public record SandboxFault(Integer status, Double rate, Long delayMs, Boolean timeout, Integer retryAfterSeconds) {

    public SandboxFault {
        rate = rate == null ? 1.0 : rate;
        delayMs = delayMs == null ? 0L : delayMs;
        timeout = timeout != null && timeout;
    }

    /** What makes this fault unusable; empty when it is valid. */
    public List<SandboxProblem> problems() {
        List<SandboxProblem> problems = new ArrayList<>();
        if (status != null && (status < 100 || status > 599)) {
            problems.add(new SandboxProblem(null, "status", "must be an HTTP status between 100 and 599, was " + status));
        }
        if (!(rate >= 0.0 && rate <= 1.0)) { // also refuses NaN
            problems.add(new SandboxProblem(null, "rate", "must be between 0 and 1, was " + rate));
        }
        if (delayMs < 0) {
            problems.add(new SandboxProblem(null, "delayMs", "must not be negative, was " + delayMs));
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            problems.add(new SandboxProblem(null, "retryAfterSeconds", "must not be negative, was " + retryAfterSeconds));
        }
        return problems;
    }

    Duration delay() {
        return Duration.ofMillis(delayMs);
    }

    /** Whether an injected answer carries {@code Retry-After}: only where HTTP gives it a meaning here. */
    boolean sendsRetryAfter() {
        return retryAfterSeconds != null && status != null && (status == 429 || status == 503);
    }
}
