package org.loyaltyhub.systems;

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
        Flow flow,
        Map<String, Object> raw) {

    /** Redelivery limits of the one error policy, per system. */
    public record Retry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    }

    /**
     * Flow control of the system's calls: at most {@code rateLimit} calls a second across the hub's instances (0: no
     * limit), at most {@code maxConcurrentCalls} at once per instance (0: no limit), and how long its circuit stays open.
     */
    public record Flow(double rateLimit, int maxConcurrentCalls, Duration circuitOpenFor) {
    }

    /** Size and time bounds of an aggregated (bulk) delivery. */
    public record Batch(int size, Duration timeout) {
    }
}
