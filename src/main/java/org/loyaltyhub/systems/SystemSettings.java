package org.loyaltyhub.systems;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * One system's settings. The typed part drives the generic machinery; {@code raw} is everything under
 * {@code hub.systems.<name>} with camelCase keys, handed to mappings as {@code $config}.
 */
public record SystemSettings(
        String name,
        boolean enabled,
        String baseUrl,
        Duration pollInterval,
        Duration connectTimeout,
        Duration readTimeout,
        Retry retry,
        Batch batch,
        Polling polling,
        Flow flow,
        Map<String, Object> raw) {

    /**
     * The longest one call to the system can last, its connect and read timeouts: by then a call has ended one way or
     * the other (unless the hub stopped during it), so whatever the vendor did with it can be read.
     */
    public Duration longestCall() {
        return connectTimeout.plus(readTimeout);
    }

    /** Redelivery limits of the one error policy, per system. */
    public record Retry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    }

    /**
     * Flow control of the system's calls: at most {@code rateLimit} calls a second across the hub's instances (0: no
     * limit), at most {@code maxConcurrentCalls} at once per instance (0: no limit), and how long its circuit stays open.
     */
    public record Flow(double rateLimit, int maxConcurrentCalls, Duration circuitOpenFor) {
    }

    /**
     * How a poll reads and settles a system's list: the items it asks for per page, the items taken in per database
     * transaction, and the deletion guard (a poll deleting more than {@code deletionMaxShare} of what the hub holds
     * from the system, and more than {@code deletionMinCount}, is held for an operator).
     */
    public record Polling(int pageLimit, int intakeBatch, BigDecimal deletionMaxShare, int deletionMinCount) {
    }

    /** Size and time bounds of an aggregated (bulk) delivery. */
    public record Batch(int size, Duration timeout) {
    }
}
